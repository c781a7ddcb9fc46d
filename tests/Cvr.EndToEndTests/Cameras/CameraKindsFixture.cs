using Cvr.Testing;

namespace Cvr.EndToEndTests.Cameras;

/// <summary>
/// One host recording every <see cref="CameraKind"/> at once, each from its own test camera, until each has
/// a full PT30S segment uploaded (the first runs only to the next :00 or :30).
/// </summary>
public sealed class CameraKindsFixture : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();
    private readonly List<TestCamera> _cameras = [];

    public CvrHostProcess Host { get; private set; } = null!;

    public string CachePath(CameraKind kind) => Path.Combine(_folder.Path, "cache-" + kind.Instance);

    public IReadOnlyDictionary<string, IReadOnlyList<SegmentFiles.Manifest>> Segments { get; private set; } = new Dictionary<string, IReadOnlyList<SegmentFiles.Manifest>>();

    public async Task InitializeAsync()
    {
        Host = await CvrHostProcess.StartAsync(_folder.Path);
        foreach (var kind in CameraKind.All)
        {
            var camera = await TestCamera.StartAsync(_folder.Path, auth: kind.Auth, user: CameraKind.User, password: CameraKind.Password, stream: kind.Stream);
            _cameras.Add(camera);
            var authenticated = kind.Auth != "none";
            await Host.RecordAsync(
                kind.Instance, camera.Url, CachePath(kind), authenticated ? CameraKind.User : null, authenticated ? CameraKind.Password : null, topologyName: kind.Topology, topologyVersion: kind.TopologyVersion, videoOnly: kind.VideoOnly);
        }

        var segments = new Dictionary<string, IReadOnlyList<SegmentFiles.Manifest>>();
        foreach (var kind in CameraKind.All)
        {
            segments[kind.Instance] = await Eventually.WaitAsync(
                () =>
                {
                    var uploaded = SegmentFiles.InCache(CachePath(kind)).Where(s => s.Path.Contains("/uploaded/", StringComparison.Ordinal)).ToList();
                    return Task.FromResult(uploaded.Any(s => s.Sequence >= 1) ? (IReadOnlyList<SegmentFiles.Manifest>?)uploaded : null);
                },
                Eventually.Bound,
                $"{kind.Instance}: a full segment is uploaded");
        }

        Segments = segments;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var camera in _cameras)
        {
            await camera.DisposeAsync();
        }

        _folder.Dispose();
    }
}
