using Cvr.Media.Cache;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Waits for a stream's cache to drain: no session left for the segmenter to seal and no sealed segment
/// left for the uploader. It only looks at the shared cache folder, so it works whichever process seals
/// and uploads.
/// </summary>
public static class CacheFlush
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Segments (and open sessions) still waiting: 0 when everything recorded has been uploaded.</summary>
    public static int Pending(string cachePath)
    {
        var layout = new CacheLayout(cachePath);
        return layout.Sessions().Count + CacheLayout.SegmentsIn(layout.SealedFolder).Count;
    }

    /// <summary>Waits until nothing is pending or the timeout passes; returns what is still pending.</summary>
    public static async Task<int> WaitAsync(string cachePath, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetUtcNow() + timeout;
        var pending = Pending(cachePath);
        while (pending > 0 && time.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            pending = Pending(cachePath);
        }

        return pending;
    }
}
