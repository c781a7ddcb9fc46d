using Cvr.Contracts.Events;
using Cvr.Media.Mp4;

namespace Cvr.Catalog.Clips;

/// <summary>
/// Writes what ffmpeg reads to cut a clip: one fragmented MP4 of the plan's segments on one timeline,
/// the first segment's init section, then each segment's fragments moved to its place on the feed
/// (<see cref="FragmentTimeShifter"/>: only moof boxes are rewritten, media is copied through). The first
/// segment is fed from the keyframe at or before the clip's start (every keyframe starts a fragment), so
/// ffmpeg reads no more than one GOP before it.
/// </summary>
public static class ClipFeed
{
    /// <param name="open">Opens a segment's bytes (seekable), or null when it is nowhere.</param>
    public static async Task WriteAsync(ClipPlan plan, Func<SegmentDescriptor, CancellationToken, Task<Stream?>> open, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(destination);
        IReadOnlyDictionary<uint, uint>? timescales = null;
        foreach (var part in plan.Parts)
        {
            var source = await open(part.Segment, cancellationToken).ConfigureAwait(false)
                ?? throw new FileNotFoundException($"Segment '{part.Segment.FileName}' of asset '{part.Segment.AssetName}' is neither in its cache nor in the asset store.");
            await using (source.ConfigureAwait(false))
            {
                var index = await FragmentedMp4Reader.ReadIndexAsync(source, cancellationToken).ConfigureAwait(false);
                var from = index.InitializationSize;
                if (timescales is null)
                {
                    timescales = index.Timescales;
                    var init = new byte[index.InitializationSize];
                    source.Position = 0;
                    await source.ReadExactlyAsync(init, cancellationToken).ConfigureAwait(false);
                    await destination.WriteAsync(init, cancellationToken).ConfigureAwait(false);
                    from = KeyframeAtOrBefore(index, plan.Seek - part.FeedOffset);
                }
                else if (!SameTracks(timescales, index.Timescales))
                {
                    // The feed has one init section: a segment whose tracks count time otherwise cannot follow it.
                    throw new InvalidDataException($"Segment '{part.Segment.FileName}' has tracks other than the clip's first segment; it cannot be joined to it.");
                }

                await FragmentTimeShifter.CopyShiftedAsync(source, index, part.FeedOffset, FragmentsFrom(index, from), destination, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The segment's fragments from the one that starts at byte <paramref name="from"/> on.</summary>
    private static Range FragmentsFrom(Mp4SegmentIndex index, long from)
    {
        for (var i = 0; i < index.Fragments.Count; i++)
        {
            if (index.Fragments[i].Offset >= from)
            {
                return i == 0 ? Range.All : i..;
            }
        }

        return Range.All;
    }

    /// <summary>Where the last fragment of the video that starts at or before <paramref name="at"/> (time into the segment's video) begins.</summary>
    public static long KeyframeAtOrBefore(Mp4SegmentIndex index, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(index);
        var from = index.InitializationSize;
        if (index.TimingTrackId is not { } track || index.FirstDecodeTime(track) is not { } first
            || !index.Timescales.TryGetValue(track, out var scale) || scale == 0)
        {
            return from;
        }

        foreach (var fragment in index.Fragments)
        {
            if (fragment.Track(track) is not { } part)
            {
                continue;
            }

            var start = TimeSpan.FromTicks((long)Math.Round((part.BaseMediaDecodeTime - first) * (double)TimeSpan.TicksPerSecond / scale));
            if (start > at)
            {
                break;
            }

            from = fragment.Offset;
        }

        return from;
    }

    private static bool SameTracks(IReadOnlyDictionary<uint, uint> first, IReadOnlyDictionary<uint, uint> other) =>
        first.Count == other.Count && first.All(t => other.TryGetValue(t.Key, out var scale) && scale == t.Value);
}
