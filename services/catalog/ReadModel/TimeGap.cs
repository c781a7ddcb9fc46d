namespace Cvr.Catalog.ReadModel;

/// <summary>A span with no recording, and why: a disconnect reason of the session before it, or "Evicted".</summary>
public sealed record TimeGap(DateTimeOffset Start, DateTimeOffset End, string Reason)
{
    public const string Evicted = "Evicted";
    public const string Unknown = "Unknown";
}
