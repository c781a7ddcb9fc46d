using System.Security.Cryptography;
using System.Text.Json;
using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Platform.Storage;

namespace Cvr.Testing;

/// <summary>
/// A long recording history of one camera without any recorded video: <paramref name="Days"/> days of
/// PT30S segments from <paramref name="Start"/> (a UTC midnight), one session a day, and a 5-minute hole
/// every 6 hours (at 06:00, 12:00 and 18:00), whose segments were recorded and then lost. Sequence numbers
/// count the lost segments too, so a hole is also a jump in sequence. The segments of the 06:00 hole can be
/// kept as evicted (cache full): the catalog has rows for them, the store has not.
/// </summary>
public sealed record LongHistory(string AssetName, string StreamId, DateTimeOffset Start, int Days)
{
    public static readonly TimeSpan SegmentLength = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan HoleLength = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan HoleEvery = TimeSpan.FromHours(6);

    /// <summary>What every placeholder blob holds; the rebuild reads names and metadata, never the bytes.</summary>
    public static readonly byte[] Placeholder = "cvr long-history placeholder\n"u8.ToArray();

    private static readonly string PlaceholderSha256 = Convert.ToHexStringLower(SHA256.HashData(Placeholder));
    private static readonly SegmentMedia Media = new("avc1.64001f", 1280, 720, 25, 2_000_000);

    public DateTimeOffset End => Start.AddDays(Days);

    /// <summary>The session a day's recording belongs to.</summary>
    public static string SessionOf(DateTimeOffset dayStart) => SegmentFileName.NewSessionId(dayStart);

    /// <summary>Every segment in time order, each with whether it was lost and kept as evicted.</summary>
    public IEnumerable<(SegmentDescriptor Segment, bool Evicted)> Segments(bool includeEvicted)
    {
        for (var day = 0; day < Days; day++)
        {
            var dayStart = Start.AddDays(day);
            var session = SessionOf(dayStart);
            var slots = (long)(TimeSpan.FromDays(1) / SegmentLength);
            for (long sequence = 0; sequence < slots; sequence++)
            {
                var start = dayStart + sequence * SegmentLength;
                var hole = HoleAt(start - dayStart);
                if (hole is null || (hole == 1 && includeEvicted))
                {
                    yield return (Segment(session, sequence, start), hole is not null);
                }
            }
        }
    }

    /// <summary>The recorded (not lost) segments, in time order: what the asset store holds.</summary>
    public IEnumerable<SegmentDescriptor> Stored() => Segments(includeEvicted: false).Select(s => s.Segment);

    /// <summary>
    /// Writes the stored segments as a folder asset store under <paramref name="root"/>, laid out as
    /// <see cref="FolderAssetStore"/> lays it out (a blob file, its metadata in <c>.metadata/NAME.json</c>),
    /// with the metadata the uploader writes (<see cref="SegmentMetadata.Of"/>).
    /// </summary>
    public async Task<int> WriteFolderStoreAsync(string root, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, AssetName);
        var metadataFolder = Path.Combine(folder, ".metadata");
        Directory.CreateDirectory(metadataFolder);
        var count = 0;
        foreach (var segment in Stored())
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, segment.FileName), Placeholder, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(metadataFolder, segment.FileName + ".json"), JsonSerializer.SerializeToUtf8Bytes(SegmentMetadata.Of(segment)), cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <summary>Which of the day's holes (1, 2, 3) a segment starting at this time of day falls in, if any.</summary>
    private static int? HoleAt(TimeSpan timeOfDay)
    {
        var hole = (int)(timeOfDay / HoleEvery);
        return hole > 0 && timeOfDay - hole * HoleEvery < HoleLength ? hole : null;
    }

    private SegmentDescriptor Segment(string session, long sequence, DateTimeOffset start) =>
        new(StreamId, AssetName, session, sequence, start, start + SegmentLength, Placeholder.Length, PlaceholderSha256, SegmentFileName.Format(start, session, sequence),
            new SegmentClock(ClockSource.Host, 2, 0.5))
        {
            Media = Media,
        };
}
