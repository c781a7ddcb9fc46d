using Cvr.ContractTests.Sidecar;
using Cvr.Platform.Hosting;
using Cvr.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Cvr.ContractTests.Hosting;

/// <summary>
/// One Cvr service built from its composition root as its Program.cs builds it, in Dapr mode, listening on a free port of
/// 127.0.0.1, its DaprClient pointed at a <see cref="DaprdSidecarDouble"/> through DAPR_GRPC_ENDPOINT.
/// </summary>
public sealed class CvrServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TemporaryFolder _data;
    private bool _stopped;
    private Exception? _shutdownFailure;

    private CvrServiceHost(WebApplication app, TemporaryFolder data, Uri address)
    {
        _app = app;
        _data = data;
        Address = address;
        // Sends exactly the headers a test sets, as daprd does: .NET would otherwise put a traceparent of its own
        // on every request (the host's OpenTelemetry listens in this process) over the one daprd sends.
        Http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorKey);
    }

    /// <summary>The operator key every test host is given (Cvr:Keys:Operator); <see cref="Http"/> sends it.</summary>
    public const string OperatorKey = "contract-tests-operator-key";

    public Uri Address { get; }

    /// <summary>A client of the app, as daprd or a user would call it.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The service's data folder (Cvr:Data).</summary>
    public string DataPath => _data.Path;

    public static async Task<CvrServiceHost> StartAsync(CvrServiceModule service, DaprdSidecarDouble sidecar, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(sidecar);
        var data = new TemporaryFolder();
        var builder = WebApplication.CreateBuilder();

        // Added last, so these win over anything in the environment of the test run.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cvr:Mode"] = nameof(CvrMode.Dapr),
            ["Cvr:Data"] = data.Path,
            ["Cvr:Keys:Operator"] = OperatorKey,
            ["DAPR_GRPC_ENDPOINT"] = sidecar.GrpcEndpoint.ToString(),
            ["DAPR_HTTP_ENDPOINT"] = sidecar.GrpcEndpoint.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });

        // Under Dapr the ingest's key ring is in the state store, encrypted with a certificate from outside it.
        builder.Configuration.AddInMemoryCollection(KeyEncryptionCertificate.Create(Path.Combine(data.Path, "key-encryption")).Settings);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.BuildCvr(service);
        await app.StartAsync();
        return new CvrServiceHost(app, data, new Uri(app.Urls.Single()));
    }

    /// <summary>Stops and disposes the app as WebApplication.RunAsync does at its end; returns what that threw.</summary>
    public async Task<Exception?> ShutDownAsync()
    {
        if (_stopped)
        {
            return _shutdownFailure;
        }

        _stopped = true;
        Http.Dispose();
        try
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        catch (Exception ex)
        {
            _shutdownFailure = ex;
        }
        finally
        {
            _data.Dispose();
        }

        return _shutdownFailure;
    }

    /// <summary>
    /// Shuts down without failing the test that used the host: a clean shutdown is the subject of its
    /// own test (<see cref="ServiceLifecycleTests"/>), so that one defect there does not hide every other result.
    /// </summary>
    public async ValueTask DisposeAsync() => await ShutDownAsync();
}
