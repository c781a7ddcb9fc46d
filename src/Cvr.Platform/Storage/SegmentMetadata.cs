using System.Globalization;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;

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
    public const string Codecs = "codecs";
    public const string Width = "width";
    public const string Height = "height";
    public const string FrameRate = "framerate";
    public const string BitrateBps = "bitratebps";

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
            Put(metadata, ClockErrorMs, clock.ErrorMs);
            Put(metadata, ClockDriftPpm, clock.DriftPpm);
        }

        if (segment.Media is { } media)
        {
            metadata[Codecs] = media.Codecs;
            Put(metadata, Width, media.Width);
            Put(metadata, Height, media.Height);
            Put(metadata, FrameRate, media.FrameRate);
            Put(metadata, BitrateBps, media.BitrateBps);
        }

        return metadata;
    }

    /// <summary>
    /// The segment a blob holds, if Cvr wrote it (a segment's name and metadata); false for anything else
    /// in the container, which callers skip.
    /// </summary>
    public static bool TryRead(AssetBlob blob, out SegmentDescriptor? segment)
    {
        ArgumentNullException.ThrowIfNull(blob);
        segment = null;
        var metadata = blob.Metadata;
        if (!SegmentFileName.TryParse(blob.Name, out _, out _, out _)
            || !metadata.TryGetValue(Start, out var start)
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

        segment = new SegmentDescriptor(streamId, blob.AssetName, sessionId, sequence, startTime, endTime, blob.SizeBytes, sha256, blob.Name, ReadClock(metadata))
        {
            Media = ReadMedia(metadata),
        };
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

    /// <summary>The media of a segment stored by a Cvr that described it; null for one stored before, or without its codecs.</summary>
    private static SegmentMedia? ReadMedia(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(Codecs, out var codecs) || string.IsNullOrWhiteSpace(codecs))
        {
            return null;
        }

        return new SegmentMedia(codecs, Pixels(metadata, Width), Pixels(metadata, Height), Number(metadata, FrameRate), Integer(metadata, BitrateBps));
    }

    /// <summary>A known number, written so that it reads back exactly; an unknown one is left out.</summary>
    private static void Put<T>(Dictionary<string, string> metadata, string name, T? value)
        where T : struct, IFormattable
    {
        if (value is { } known)
        {
            metadata[name] = known.ToString(null, CultureInfo.InvariantCulture); // .NET's shortest round-trip form
        }
    }

    private static long? Integer(IReadOnlyDictionary<string, string> metadata, string name) =>
        metadata.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int? Pixels(IReadOnlyDictionary<string, string> metadata, string name) =>
        Integer(metadata, name) is { } pixels and <= int.MaxValue ? (int)pixels : null;

    private static double? Number(IReadOnlyDictionary<string, string> metadata, string name) =>
        metadata.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;
}
