namespace Cvr.Catalog.Api;

/// <summary>A span without recording, UTC, and why (e.g. CameraUnreachable, Evicted, IngestRestarted).</summary>
public sealed record GapView(DateTimeOffset Start, DateTimeOffset End, string Reason);
