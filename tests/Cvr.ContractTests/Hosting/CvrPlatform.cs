using Cvr.ContractTests.Sidecar;
using Cvr.Platform.Hosting;
using Cvr.Platform.Messaging;
using Cvr.Platform.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cvr.ContractTests.Hosting;

/// <summary>
/// Cvr's platform services wired by <see cref="PlatformExtensions.AddCvrPlatform"/> in Dapr mode, not
/// served: the publisher and the state stores every service gets, talking to the sidecar double
/// through the real DaprClient.
/// </summary>
public sealed class CvrPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CvrPlatform(WebApplication app)
    {
        _app = app;
    }

    public IEventPublisher Publisher => _app.Services.GetRequiredService<IEventPublisher>();

    public IStateStoreFactory Stores => _app.Services.GetRequiredService<IStateStoreFactory>();

    public IServiceProvider Services => _app.Services;

    public static CvrPlatform For(DaprdSidecarDouble sidecar, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cvr:Mode"] = nameof(CvrMode.Dapr),
            ["Cvr:Data"] = Path.GetTempPath(),
            ["DAPR_GRPC_ENDPOINT"] = sidecar.GrpcEndpoint.ToString(),
            ["DAPR_HTTP_ENDPOINT"] = sidecar.GrpcEndpoint.ToString(),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddCvrPlatform();
        return new CvrPlatform(builder.Build());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
