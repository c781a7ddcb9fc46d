using Cvr.Contracts.Events;

namespace Cvr.Ingest.Recording;

/// <summary>What <see cref="MediaSelector"/> decided: the media to record, or why nothing can be (the session's end reason and detail).</summary>
public sealed record MediaChoice(MediaSelection? Media, DisconnectReason Reason, string Detail);
