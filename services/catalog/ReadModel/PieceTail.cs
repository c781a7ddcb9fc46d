namespace Cvr.Catalog.ReadModel;

/// <summary>The last segment of a <see cref="TimelinePiece"/>: the session it belongs to and its place in it.</summary>
/// <param name="EndReason">Why its session ended, if known when the piece was read (kept in table <c>session_ends</c>, not with the piece).</param>
public sealed record PieceTail(string StreamId, string SessionId, long Sequence, string? EndReason = null);
