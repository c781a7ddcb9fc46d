using Cvr.Host;
using Cvr.Platform.Security;
using Cvr.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cvr.EndToEndTests.Security;

/// <summary>
/// <c>cvr serve</c>'s application built in the test's process (so its endpoint data source can be read)
/// and listening on a real 127.0.0.1 port.
/// </summary>
public sealed class InProcessCvr : IAsyncDisposable
{
    private readonly TemporaryFolder _folder;
    private readonly WebApplication _app;

    private InProcessCvr(TemporaryFolder folder, WebApplication app, ApiKeyOptions keys)
    {
        _folder = folder;
        _app = app;
        Keys = keys;
        Address = new Uri(app.Urls.Single().TrimEnd('/') + "/");
    }

    public Uri Address { get; }

    public ApiKeyOptions Keys { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Every route of the application, as ASP.NET Core will match them.</summary>
    public IReadOnlyList<RouteEndpoint> Routes => [.. _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    public static async Task<InProcessCvr> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = new TemporaryFolder();
        var data = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(data);
        var (keys, _) = await ApiKeyFile.EnsureAsync(data, CancellationToken.None);
        var all = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Ingest:CacheRoot"] = folder.Path,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        var app = CvrApplication.Build("http://127.0.0.1:0", data, all);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            folder.Dispose();
            throw;
        }

        return new InProcessCvr(folder, app, keys);
    }

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Dispose();
    }
}
