namespace Cvr.Platform.Security;

/// <summary>What a playback token opens: one asset, one time range, until it expires.</summary>
public sealed record PlaybackScope(string Asset, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>True when [start, end) lies within the scope's range.</summary>
    public bool Covers(DateTimeOffset start, DateTimeOffset end) => start >= Start && end <= End;

    /// <summary>True when [start, end) has any time in common with the scope's range.</summary>
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => start < End && end > Start;
}
