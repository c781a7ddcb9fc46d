namespace Cvr.Platform.Security;

/// <summary>Section <c>Cvr:Playback</c>: how long a playback URL works.</summary>
public sealed class PlaybackOptions
{
    public const string Section = "Cvr:Playback";

    /// <summary>How long a minted playback URL works (default one hour).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
