namespace Cvr.Testing;

/// <summary>A segment as GET /api/assets/{asset}/segments shows it.</summary>
public sealed record CatalogSegmentView(
    string FileName,
    string SessionId,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool Uploaded,
    bool Evicted,
    string? ClockSource = null,
    double? ClockErrorMs = null,
    double? ClockDriftPpm = null,
    string? Codecs = null);
