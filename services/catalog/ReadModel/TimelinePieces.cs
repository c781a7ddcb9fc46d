using Cvr.Contracts.Events;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// Cuts time-ordered segments into <see cref="TimelinePiece"/>s by the one rule of contiguity
/// (<see cref="Timeline"/>), kind by kind (recorded; dropped for each reason), and at every
/// <see cref="Bucket"/> boundary, so that a change to one segment is reflected by rebuilding the
/// pieces of its bucket (and the next one's first, which may join it) from at most an hour of segments.
/// </summary>
public static class TimelinePieces
{
    public static readonly TimeSpan Bucket = TimeSpan.FromHours(1);

    /// <summary>The start of the bucket a time falls in.</summary>
    public static DateTimeOffset BucketStart(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % Bucket.Ticks), TimeSpan.Zero);

    /// <param name="segments">Segments in time order (start, then file name), evicted ones included.</param>
    /// <param name="before">The last piece of each kind before the first segment, if any: what the first ones may continue.</param>
    public static IReadOnlyList<TimelinePiece> Build(IEnumerable<CatalogSegment> segments, IEnumerable<TimelinePiece> before)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(before);
        var builders = before.ToDictionary(p => p.Kind, p => new KindBuilder(p), StringComparer.Ordinal);
        var pieces = new List<TimelinePiece>();
        foreach (var segment in segments)
        {
            var kind = segment.Evicted ? TimeGap.ForEviction(segment.EvictedReason) : TimelinePiece.Recorded;
            if (!builders.TryGetValue(kind, out var builder))
            {
                builders[kind] = builder = new KindBuilder(kind);
            }

            builder.Add(segment.Segment, pieces);
        }

        foreach (var builder in builders.Values)
        {
            builder.Close(pieces);
        }

        pieces.Sort((a, b) => a.Start.CompareTo(b.Start));
        return pieces;
    }

    /// <summary>The pieces of one kind as they are cut, and what the next segment must continue.</summary>
    private sealed class KindBuilder
    {
        private readonly string _kind;
        private TimelinePiece? _open;
        private DateTimeOffset _rangeEnd;
        private PieceTail? _tail;
        private SegmentMedia? _rangeMedia;

        public KindBuilder(string kind) => _kind = kind;

        public KindBuilder(TimelinePiece last)
        {
            _kind = last.Kind;
            _rangeEnd = last.End;
            _tail = last.Tail;
            _rangeMedia = last.RangeMedia;
        }

        public void Add(SegmentDescriptor segment, List<TimelinePiece> pieces)
        {
            var continues = _tail is not null && _tail.SessionId == segment.SessionId && _tail.StreamId == segment.StreamId && segment.Sequence == _tail.Sequence + 1;
            var joins = _tail is not null && segment.Start - _rangeEnd <= (continues ? Timeline.Tolerance : TimeSpan.Zero)
                && SegmentMedia.CanFollow(_rangeMedia, segment.Media);
            if (_open is not null && (!joins || BucketStart(segment.Start) != BucketStart(_open.Start)))
            {
                Close(pieces);
            }

            var tail = new PieceTail(segment.StreamId, segment.SessionId, segment.Sequence);
            _rangeMedia = segment.Media ?? (joins ? _rangeMedia : null);
            _rangeEnd = joins && _rangeEnd > segment.End ? _rangeEnd : segment.End;
            _tail = tail;
            _open = _open is null
                ? new TimelinePiece(_kind, segment.Start, segment.End, joins, tail, _rangeMedia, ClockSummary.Add(null, segment.Clock), MediaSummary.Add(null, segment.Media), 1, segment.SizeBytes)
                : _open with
                {
                    End = segment.End > _open.End ? segment.End : _open.End,
                    Tail = tail,
                    RangeMedia = _rangeMedia,
                    Clock = ClockSummary.Add(_open.Clock, segment.Clock),
                    Media = MediaSummary.Add(_open.Media, segment.Media),
                    SegmentCount = _open.SegmentCount + 1,
                    SizeBytes = _open.SizeBytes + segment.SizeBytes,
                };
        }

        public void Close(List<TimelinePiece> pieces)
        {
            if (_open is not null)
            {
                pieces.Add(_open);
                _open = null;
            }
        }
    }
}
