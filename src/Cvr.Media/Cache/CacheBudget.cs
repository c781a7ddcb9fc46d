namespace Cvr.Media.Cache;

/// <summary>
/// The keep-or-drop decision for one stream's cache, as a pure function: when everything under the
/// cache path exceeds the cap, uploaded segments go first (oldest first), then, as LVA did, the oldest
/// segments not yet uploaded. Files ffmpeg is still writing are never chosen, nor are protected ones
/// (an upload in flight).
/// </summary>
public static class CacheBudget
{
    public static IReadOnlyList<CachedSegment> ToEvict(IEnumerable<CachedSegment> contents, long capBytes, IReadOnlySet<string> protectedNames)
    {
        ArgumentNullException.ThrowIfNull(contents);
        ArgumentNullException.ThrowIfNull(protectedNames);
        var all = contents.ToList();
        var excess = all.Sum(c => c.SizeBytes) - capBytes;
        if (excess <= 0)
        {
            return [];
        }

        // Names sort by time, so ordinal order is oldest first.
        var candidates = all
            .Where(c => c.Stage != CacheStage.Ingest && !protectedNames.Contains(c.Name))
            .OrderBy(c => c.Stage == CacheStage.Uploaded ? 0 : 1)
            .ThenBy(c => c.Name, StringComparer.Ordinal);
        var chosen = new List<CachedSegment>();
        foreach (var candidate in candidates)
        {
            if (excess <= 0)
            {
                break;
            }

            chosen.Add(candidate);
            excess -= candidate.SizeBytes;
        }

        return chosen;
    }
}
