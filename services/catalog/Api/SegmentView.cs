using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;

namespace Cvr.Catalog.Api;

/// <summary>
/// One segment of an asset as GET /api/assets/{asset}/segments shows it, with its clock and media (each
/// absent for segments recorded before Cvr knew it). The API's own shape (no asset name, which the URL
/// gives): made from the catalog's record by <see cref="Of"/> only.
/// </summary>
public sealed record SegmentView(
    string FileName,
    string StreamId,
    string SessionId,
    long Sequence,
    DateTimeOffset Start,
    DateTimeOffset End,
    long SizeBytes,
    string Sha256,
    bool Uploaded,
    bool Evicted,
    SegmentClock? Clock,
    SegmentMedia? Media)
{
    public static SegmentView Of(CatalogSegment catalogued)
    {
        ArgumentNullException.ThrowIfNull(catalogued);
        var s = catalogued.Segment;
        return new(s.FileName, s.StreamId, s.SessionId, s.Sequence, s.Start, s.End, s.SizeBytes, s.Sha256, catalogued.Uploaded, catalogued.Evicted, s.Clock, s.Media);
    }
}
