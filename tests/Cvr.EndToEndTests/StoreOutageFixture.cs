using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>A camera recorded to Azurite, with Azurite stopped and brought back in the middle.</summary>
public sealed class StoreOutageFixture : IAsyncDisposable
{
    private readonly TemporaryFolder _folder = new();

    private StoreOutageFixture()
    {
    }

    public AzuriteServer Azurite { get; private set; } = null!;

    public TestCamera Camera { get; private set; } = null!;

    public CvrHostProcess Host { get; private set; } = null!;

    public CacheWatch Cache => new(Path.Combine(_folder.Path, "cache"));

    public static async Task<StoreOutageFixture> StartAsync(string instance, int cacheMiB)
    {
        var fixture = new StoreOutageFixture();
        fixture.Azurite = await AzuriteServer.StartAsync(fixture._folder.Path);
        fixture.Camera = await TestCamera.StartAsync(fixture._folder.Path);
        fixture.Host = await CvrHostProcess.StartAsync(fixture._folder.Path, assetStore: fixture.Azurite.ConnectionString);
        await fixture.Host.RecordAsync(instance, fixture.Camera.Url, fixture.Cache.CachePath, cacheMiB: cacheMiB);
        await Eventually.WaitAsync(() => Task.FromResult(fixture.Cache.UploadedCount >= 1), Eventually.Bound, "a first segment is uploaded");
        return fixture;
    }

    public Task StopStoreAsync() => Azurite.StopAsync();

    public async Task RestoreStoreAsync()
    {
        var port = Azurite.Port;
        await Azurite.DisposeAsync();
        Azurite = await AzuriteServer.StartAsync(_folder.Path, port);
    }

    /// <summary>Brings a stopped camera back on its port (a new process, as a camera that rebooted).</summary>
    public async Task RestartCameraAsync()
    {
        var port = Camera.Port;
        await Camera.DisposeAsync();
        Camera = await TestCamera.StartAsync(_folder.Path, port);
    }

    /// <summary>Deactivates and waits until every segment is sealed and the cache has nothing left to upload.</summary>
    public async Task FinishAsync(string instance)
    {
        await Host.DeactivateAsync(instance);
        await Eventually.WaitAsync(() => Task.FromResult(Cache.Settled), TimeSpan.FromSeconds(120), "everything is sealed and uploaded");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Camera.DisposeAsync();
        await Azurite.DisposeAsync();
        _folder.Dispose();
    }
}
