using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cvr.Testing;
using static Cvr.EndToEndTests.Management.ManagementHostFixture;

namespace Cvr.EndToEndTests.Management;

/// <summary>
/// Activating and Deactivating are states a user can see, as in LVA: activation lasts until the camera answers,
/// deactivation until what was recorded has left the cache for the asset store; and what those states forbid
/// answers 409 meanwhile.
/// </summary>
public sealed class InstanceStateTests : IAsyncLifetime
{
    private const string Instance = "gate";
    private readonly TemporaryFolder _folder = new();
    private CvrHostProcess _host = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task Activate_CameraNotYetThere_IsActivatingUntilItAnswers()
    {
        var port = FreePort.Next();
        _host = await CvrHostProcess.StartAsync(_folder.Path, environment: new Dictionary<string, string> { ["Ingest__ActivationWait"] = "00:03:00" });
        await SetLabInstanceAsync($"rtsp://127.0.0.1:{port}/cam0");

        var activation = _host.Http.PostAsync(new Uri($"api/graphInstances/{Instance}/activate", UriKind.Relative), null);
        await Eventually.WaitAsync(async () => await StateAsync() == "Activating", TimeSpan.FromSeconds(30), "the instance shows Activating");
        Assert.Equal(HttpStatusCode.Conflict, await StatusOfAsync(HttpMethod.Post, $"api/graphInstances/{Instance}/deactivate"));
        Assert.Equal(HttpStatusCode.Conflict, await StatusOfAsync(HttpMethod.Delete, $"api/graphInstances/{Instance}"));
        Assert.Equal(HttpStatusCode.Conflict, (await _host.Http.PutAsJsonAsync($"api/graphInstances/{Instance}", LabInstance(Instance, _folder.File("cache")))).StatusCode);
        Assert.False(activation.IsCompleted);

        await using var camera = await TestCamera.StartAsync(_folder.Path, port);
        using var activated = await activation.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        var body = JsonNode.Parse(await activated.Content.ReadAsStringAsync())!;
        Assert.Equal("Active", body["properties"]!["state"]!.GetValue<string>());
        Assert.Equal("Connected", body["properties"]!["recording"]!["connection"]!.GetValue<string>());
        Assert.Equal("Active", await StateAsync());
    }

    [Fact]
    public async Task Deactivate_StoreUnreachable_IsDeactivatingUntilTheRecordingIsUploaded()
    {
        var azurite = await AzuriteServer.StartAsync(_folder.Path);
        var storePort = azurite.Port;
        var store = azurite.ConnectionString;
        await using var camera = await TestCamera.StartAsync(_folder.Path);
        _host = await CvrHostProcess.StartAsync(_folder.Path, assetStore: store, environment: new Dictionary<string, string> { ["Ingest__DeactivationFlushTimeout"] = "00:05:00" });
        await SetLabInstanceAsync(camera.Url);
        (await _host.Http.PostAsync(new Uri($"api/graphInstances/{Instance}/activate", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var cache = new CacheWatch(_folder.File("cache"));
        await Eventually.WaitAsync(
            () => Task.FromResult(Directory.EnumerateFiles(cache.CachePath, "seg-*.mp4", SearchOption.AllDirectories).Any()),
            Eventually.Bound,
            "media reaches the cache");
        await azurite.DisposeAsync();

        // Deactivation may outlast the host client's 60 s: it waits for the store.
        using var patient = _host.Client(_host.OperatorKey, TimeSpan.FromMinutes(5));
        var deactivation = patient.PostAsync(new Uri($"api/graphInstances/{Instance}/deactivate", UriKind.Relative), null);
        await Eventually.WaitAsync(async () => await StateAsync() == "Deactivating", TimeSpan.FromSeconds(30), "the instance shows Deactivating");
        Assert.Equal(HttpStatusCode.Conflict, await StatusOfAsync(HttpMethod.Post, $"api/graphInstances/{Instance}/activate"));
        Assert.Equal(HttpStatusCode.Conflict, await StatusOfAsync(HttpMethod.Delete, $"api/graphInstances/{Instance}"));
        await Eventually.WaitAsync(() => Task.FromResult(cache.SealedCount > 0), Eventually.Bound, "the last segment waits, sealed, for the store");
        Assert.False(deactivation.IsCompleted);

        await using var restored = await AzuriteServer.StartAsync(_folder.Path, storePort);
        using var deactivated = await deactivation.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.Equal("Inactive", await StateAsync());
        Assert.Equal(0, cache.SealedCount);
        Assert.NotEmpty(await restored.BlobPutsAsync($"lab-{Instance}"));
    }

    private async Task SetLabInstanceAsync(string cameraUrl)
    {
        (await _host.Http.PutAsJsonAsync($"api/graphTopologies/{Lab}", LabTopology())).EnsureSuccessStatusCode();
        (await _host.Http.PutAsJsonAsync($"api/graphInstances/{Instance}", LabInstance(Instance, _folder.File("cache"), cameraUrl))).EnsureSuccessStatusCode();
    }

    private async Task<string?> StateAsync() =>
        JsonNode.Parse(await _host.Http.GetStringAsync(new Uri($"api/graphInstances/{Instance}", UriKind.Relative)))!["properties"]!["state"]!.GetValue<string>();

    private async Task<HttpStatusCode> StatusOfAsync(HttpMethod method, string url)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        using var response = await _host.Http.SendAsync(request);
        return response.StatusCode;
    }
}
