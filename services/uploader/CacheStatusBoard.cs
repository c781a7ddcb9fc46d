using System.Collections.Concurrent;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;

namespace Cvr.Uploader;

/// <summary>What the cache janitor last saw of each stream, and each stream's recent bitrate.</summary>
public sealed class CacheStatusBoard
{
    private const int BitrateWindow = 4;
    private readonly ConcurrentDictionary<string, CacheStatus> _status = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<(long Bytes, TimeSpan Duration)>> _recent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Segments, long Bytes)> _evicted = new(StringComparer.Ordinal);

    public IReadOnlyList<CacheStatus> All => [.. _status.Values.OrderBy(s => s.StreamId, StringComparer.Ordinal)];

    public void RecordSealed(SegmentDescriptor segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var recent = _recent.GetOrAdd(segment.StreamId, _ => new Queue<(long, TimeSpan)>());
        lock (recent)
        {
            recent.Enqueue((segment.SizeBytes, segment.Duration));
            while (recent.Count > BitrateWindow)
            {
                recent.Dequeue();
            }
        }
    }

    public void RecordEvicted(string streamId, long bytes) =>
        _evicted.AddOrUpdate(streamId, (1, bytes), (_, e) => (e.Segments + 1, e.Bytes + bytes));

    /// <param name="now">When the contents were read: the upload lag is measured from it.</param>
    public void Update(StreamDescriptor stream, IReadOnlyList<CachedSegment> contents, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(contents);
        var used = contents.Sum(c => c.SizeBytes);
        var pending = contents.Where(c => c.Stage != CacheStage.Uploaded).Sum(c => c.SizeBytes);
        var bitsPerSecond = BitsPerSecond(stream.StreamId);
        double? headroom = bitsPerSecond is > 0 ? Math.Max(0, stream.CacheMaximumSizeBytes - pending) * 8 / bitsPerSecond.Value : null;
        var evicted = _evicted.GetValueOrDefault(stream.StreamId);
        _status[stream.StreamId] = new CacheStatus(
            stream.StreamId,
            stream.AssetName,
            stream.CacheMaximumSizeBytes,
            used,
            pending,
            contents.Count(c => c.Stage == CacheStage.Sealed),
            bitsPerSecond,
            headroom,
            evicted.Segments,
            evicted.Bytes,
            UploadLag(contents, now));
    }

    /// <summary>Since the start of the oldest sealed segment (names carry starts); null when every sealed segment is uploaded.</summary>
    public static double? UploadLag(IReadOnlyList<CachedSegment> contents, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contents);
        DateTimeOffset? oldest = null;
        foreach (var segment in contents.Where(c => c.Stage == CacheStage.Sealed))
        {
            if (SegmentFileName.TryParse(segment.Name, out var start, out _, out _) && (oldest is null || start < oldest))
            {
                oldest = start;
            }
        }

        return oldest is { } first ? Math.Max(0, (now - first).TotalSeconds) : null;
    }

    /// <summary>Forgets a stream the uploader no longer looks after: it leaves /api/cache.</summary>
    public void Forget(string streamId)
    {
        _status.TryRemove(streamId, out _);
        _recent.TryRemove(streamId, out _);
        _evicted.TryRemove(streamId, out _);
    }

    private double? BitsPerSecond(string streamId)
    {
        if (!_recent.TryGetValue(streamId, out var recent))
        {
            return null;
        }

        lock (recent)
        {
            var seconds = recent.Sum(r => r.Duration.TotalSeconds);
            return seconds > 0 ? recent.Sum(r => r.Bytes) * 8 / seconds : null;
        }
    }
}
