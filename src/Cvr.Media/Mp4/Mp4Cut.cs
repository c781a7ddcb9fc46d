using Cvr.Media.Files;

namespace Cvr.Media.Mp4;

/// <summary>
/// Cuts a fragmented MP4 segment short at a fragment boundary: when the camera's stream changed inside a
/// segment (new parameter sets after a keyframe), the media from that keyframe on no longer matches the
/// segment's init section and must not be kept under it. Every keyframe starts a fragment
/// (frag_keyframe), so the cut loses nothing that the init describes.
/// </summary>
public static class Mp4Cut
{
    /// <summary>
    /// Truncates the file before its first fragment that starts at or after <paramref name="at"/> (time
    /// since the timing track's first decode time), and forces the new length to disk.
    /// </summary>
    /// <returns>How much media the file keeps: zero when not a single fragment is left.</returns>
    public static async Task<TimeSpan> BeforeAsync(string path, TimeSpan at, CancellationToken cancellationToken)
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(path, cancellationToken).ConfigureAwait(false);
        if (index.TimingTrackId is not { } track || index.FirstDecodeTime(track) is not { } first
            || !index.Timescales.TryGetValue(track, out var scale) || scale == 0)
        {
            return index.Duration;
        }

        foreach (var fragment in index.Fragments)
        {
            if (fragment.Track(track) is not { } part)
            {
                continue;
            }

            var offset = TimeSpan.FromTicks((long)((part.BaseMediaDecodeTime - first) * (double)TimeSpan.TicksPerSecond / scale));
            if (offset >= at)
            {
                await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    file.SetLength(fragment.Offset);
                }

                DurableFile.Flush(path);

                return offset;
            }
        }

        return index.Duration;
    }
}
