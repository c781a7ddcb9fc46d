using Cvr.Testing;

namespace Cvr.EndToEndTests.Clips;

/// <summary>
/// A real recording with audio to cut clips from: the test camera sending H.264 and AAC, recorded whole
/// (no output selectors) in PT30S segments; a first session until three of its segments are uploaded,
/// the instance deactivated and activated again, and the second session's first segment uploaded: two
/// runs with a gap between them, all of them listed by the catalog.
/// </summary>
public sealed class ClipFixture : IAsyncLifetime
{
    public const string Instance = "clip-door";
    private readonly TemporaryFolder _folder = new();

    public TestCamera Camera { get; private set; } = null!;

    public CvrHostProcess Host { get; private set; } = null!;

    public string Asset => CvrHostProcess.AssetName(Instance);

    /// <summary>The first session's segments, in order (sequence 0 runs to the first :00/:30; 1 and 2 are full).</summary>
    public IReadOnlyList<SegmentFiles.Manifest> First { get; private set; } = [];

    /// <summary>The second session's segments, in order.</summary>
    public IReadOnlyList<SegmentFiles.Manifest> Second { get; private set; } = [];

    private string CachePath => Path.Combine(_folder.Path, "cache");

    public async Task InitializeAsync()
    {
        Camera = await TestCamera.StartAsync(_folder.Path, stream: new CameraStream(Audio: CameraAudio.Aac));
        Host = await CvrHostProcess.StartAsync(_folder.Path);
        await Host.RecordAsync(Instance, Camera.Url, CachePath, videoOnly: false);
        var first = (await ListedAsync(s => s.Sequence >= 2, "three segments of the first session are uploaded and listed")).First(s => s.Sequence >= 2);

        await Host.DeactivateAsync(Instance);
        (await Host.Http.PostAsync(new Uri($"api/graphInstances/{Instance}/activate", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var all = await ListedAsync(s => s.SessionId != first.SessionId, "the second session's first segment is uploaded and listed");

        First = [.. all.Where(s => s.SessionId == first.SessionId).OrderBy(s => s.Sequence)];
        Second = [.. all.Where(s => s.SessionId != first.SessionId).OrderBy(s => s.Sequence)];
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Camera.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Waits until a segment that fits is uploaded, none waits for upload, and the catalog lists every one; returns the uploaded ones.</summary>
    private async Task<IReadOnlyList<SegmentFiles.Manifest>> ListedAsync(Func<SegmentFiles.Manifest, bool> fits, string because)
    {
        var uploaded = await Eventually.WaitAsync(
            async () =>
            {
                var cached = SegmentFiles.InCache(CachePath);
                var segments = cached.Where(s => s.Path.Contains("/uploaded/", StringComparison.Ordinal)).ToList();
                if (!segments.Any(fits) || segments.Count < cached.Count)
                {
                    return null;
                }

                var listed = (await Host.SegmentsAsync(Asset)).Select(s => s.FileName).ToHashSet(StringComparer.Ordinal);
                return segments.All(s => listed.Contains(s.FileName)) ? (IReadOnlyList<SegmentFiles.Manifest>)segments : null;
            },
            TimeSpan.FromMinutes(4),
            because);
        return uploaded;
    }
}
