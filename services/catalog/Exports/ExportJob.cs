using Cvr.Catalog.Clips;

namespace Cvr.Catalog.Exports;

/// <summary>
/// One export: a clip of [<paramref name="Start"/>, <paramref name="End"/>) of an asset made in the
/// background into a file kept until <paramref name="ExpiresAt"/>.
/// </summary>
/// <param name="Id">Opaque, unguessable (the job's file is reached through it).</param>
/// <param name="Progress">The share of the clip's duration written, 0 to 1.</param>
/// <param name="Bytes">The clip's size, once completed.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="ExpiresAt">When a finished job's file and then the job are deleted.</param>
public sealed record ExportJob(
    string Id,
    string Asset,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool SkipGaps,
    ExportState State,
    double Progress,
    long? Bytes,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? ExpiresAt)
{
    public ClipRequest Request => new(Start, End, SkipGaps);

    public bool IsFinished => State is ExportState.Completed or ExportState.Failed or ExportState.Expired;
}
