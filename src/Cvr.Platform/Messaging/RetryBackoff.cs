namespace Cvr.Platform.Messaging;

/// <summary>Capped exponential backoff: 1 s, 2 s, 4 s … up to the cap.</summary>
public sealed record RetryBackoff(TimeSpan Initial, TimeSpan Maximum)
{
    public static RetryBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayFor(int attempt)
    {
        if (attempt <= 1)
        {
            return Initial;
        }

        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Initial.Ticks * Math.Pow(2, exponent);
        return ticks >= Maximum.Ticks ? Maximum : TimeSpan.FromTicks((long)ticks);
    }
}
