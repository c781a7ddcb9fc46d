using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// One real recording shared by the tests that look at it: the test camera paced by the wall clock
/// (keyframes half a second after whole seconds, each logged as it is sent), the host with its default
/// folder asset store, a PT30S instance, run until two full segments are sealed and uploaded.
/// </summary>
public sealed class RecordingFixture : IAsyncLifetime
{
    public const string Instance = "front-door";
    private readonly TemporaryFolder _folder = new();

    public TestCamera Camera { get; private set; } = null!;

    public CvrHostProcess Host { get; private set; } = null!;

    public string CachePath => Path.Combine(_folder.Path, "cache");

    public string Asset => CvrHostProcess.AssetName(Instance);

    public IReadOnlyList<SegmentFiles.Manifest> Segments { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Camera = await TestCamera.StartAsync(_folder.Path, timing: new CameraTiming());
        Host = await CvrHostProcess.StartAsync(_folder.Path);
        await Host.RecordAsync(Instance, Camera.Url, CachePath);

        // The first segment runs to the next :00 or :30; two full ones follow. All uploaded.
        Segments = await Eventually.WaitAsync(
            () =>
            {
                var segments = SegmentFiles.InCache(CachePath);
                var uploaded = segments.Where(s => s.Path.Contains("/uploaded/", StringComparison.Ordinal)).ToList();
                return Task.FromResult(uploaded.Count(s => s.Sequence >= 1) >= 2 ? (IReadOnlyList<SegmentFiles.Manifest>?)uploaded : null);
            },
            TimeSpan.FromSeconds(180),
            "two full PT30S segments are sealed and uploaded");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Camera.DisposeAsync();
        _folder.Dispose();
    }
}
