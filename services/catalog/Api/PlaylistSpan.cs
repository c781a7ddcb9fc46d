using Cvr.Platform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cvr.Catalog.Api;

/// <summary>
/// How much time one playlist covers: at most a day, as Azure Video Analyzer's manifests did (a day's
/// playlist of PT30S segments is already a megabyte). A request that names a longer range is refused; a
/// bound it leaves open is closed a day from the other, or both a day up to the asset's last media.
/// </summary>
public static class PlaylistSpan
{
    public static readonly TimeSpan Max = TimeSpan.FromHours(24);

    /// <summary>A 400 naming end when the request names both start and end and they are more than <see cref="Max"/> apart.</summary>
    public static ValidationProblem? ProblemOf(string? start, string? end)
    {
        var (from, to, problem) = RequestedRange.Parse(start, end);
        return problem is null && start is not null && end is not null && to - from > Max
            ? Problems.Invalid("end", $"A playlist covers at most {Max.TotalHours:F0} h; end must be at most {Max.TotalHours:F0} h after start.")
            : null;
    }

    /// <summary>
    /// [from, to) at most <see cref="Max"/> long. <see cref="DateTimeOffset.MinValue"/> and
    /// <see cref="DateTimeOffset.MaxValue"/> are open bounds; a closed range longer than Max (a playback
    /// token's, made before the cap) keeps its start.
    /// </summary>
    /// <param name="lastMediaEnd">Where the asset's last media ends, for a range open at both ends; null when it has none.</param>
    public static (DateTimeOffset From, DateTimeOffset To) Bound(DateTimeOffset from, DateTimeOffset to, DateTimeOffset? lastMediaEnd)
    {
        if (from == DateTimeOffset.MinValue && to == DateTimeOffset.MaxValue)
        {
            return lastMediaEnd is { } last ? (last - Max, last) : (from, to);
        }

        if (to - from <= Max)
        {
            return (from, to);
        }

        return from == DateTimeOffset.MinValue ? (to - Max, to) : (from, from + Max);
    }
}
