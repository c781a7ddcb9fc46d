using System.Globalization;
using Cvr.Contracts.Events;

namespace Cvr.Platform.Storage;

/// <summary>
/// The one codec of the metadata every stored segment carries, so that the asset store's listing alone
/// can rebuild a catalog: the uploader writes it (<see cref="Of"/>), the rebuild reads it
/// (<see cref="TryRead"/>). Azure metadata names must be C# identifiers; these are.
/// </summary>
public static class SegmentMetadata
{
    public const string Start = "start";
    public const string End = "end";
    public const string Sha256 = "sha256";
    public const string StreamId = "streamid";
    public const string SessionId = "sessionid";
    public const string Sequence = "sequence";
    public const string ClockSourceName = "clocksource";
    public const string ClockErrorMs = "clockerrorms";
    public const string ClockDriftPpm = "clockdriftppm";

    /// <summary>The metadata of a segment's blob.</summary>
    public static IReadOnlyDictionary<string, string> Of(SegmentDescriptor segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Start] = segment.Start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            [End] = segment.End.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            [Sha256] = segment.Sha256,
            [StreamId] = segment.StreamId,
            [SessionId] = segment.SessionId,
            [Sequence] = segment.Sequence.ToString(CultureInfo.InvariantCulture),
        };
        if (segment.Clock is { } clock)
        {
            metadata[ClockSourceName] = clock.Source.ToString();
            if (clock.ErrorMs is { } error)
            {
                metadata[ClockErrorMs] = error.ToString("R", CultureInfo.InvariantCulture);
            }

            if (clock.DriftPpm is { } drift)
            {
                metadata[ClockDriftPpm] = drift.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        return metadata;
    }

    /// <summary>The segment a blob holds, if Cvr wrote it; false for anything else in the container.</summary>
    public static bool TryRead(AssetBlob blob, out SegmentDescriptor? segment)
    {
        ArgumentNullException.ThrowIfNull(blob);
        segment = null;
        var metadata = blob.Metadata;
        if (!metadata.TryGetValue(Start, out var start)
            || !metadata.TryGetValue(End, out var end)
            || !metadata.TryGetValue(Sha256, out var sha256)
            || !metadata.TryGetValue(StreamId, out var streamId)
            || !metadata.TryGetValue(SessionId, out var sessionId)
            || !metadata.TryGetValue(Sequence, out var sequenceText)
            || !long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var startTime)
            || !DateTimeOffset.TryParse(end, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var endTime)
            || endTime < startTime)
        {
            return false;
        }

        segment = new SegmentDescriptor(streamId, blob.AssetName, sessionId, sequence, startTime, endTime, blob.SizeBytes, sha256, blob.Name, ReadClock(metadata));
        return true;
    }

    private static SegmentClock? ReadClock(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(ClockSourceName, out var sourceText)
            || !Enum.TryParse<ClockSource>(sourceText, ignoreCase: false, out var source)
            || !Enum.IsDefined(source))
        {
            return null;
        }

        return new SegmentClock(source, Number(metadata, ClockErrorMs), Number(metadata, ClockDriftPpm));
    }

    private static double? Number(IReadOnlyDictionary<string, string> metadata, string name) =>
        metadata.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;
}
