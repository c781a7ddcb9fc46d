using System.Globalization;
using Cvr.Media.Cache;

namespace Cvr.Ingest.Recording;

/// <summary>
/// After the ingest died hard (kill -9), its ffmpeg children live on and keep writing. Before a
/// stream records again, every session folder not marked closed is settled: an ffmpeg still writing
/// into it is killed, and the folder is marked closed so that the segmenter finishes it.
/// </summary>
public static class OrphanReaper
{
    /// <summary>Settles the stream's open sessions; returns their ids.</summary>
    public static async Task<IReadOnlyList<string>> SettleAsync(CacheLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var settled = new List<string>();
        foreach (var sessionId in layout.Sessions())
        {
            if (File.Exists(layout.SessionClosedMarker(sessionId)))
            {
                continue;
            }

            await KillWriterAsync(layout, sessionId, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(layout.SessionClosedMarker(sessionId), "IngestRestarted", cancellationToken).ConfigureAwait(false);
            settled.Add(sessionId);
        }

        return settled;
    }

    private static async Task KillWriterAsync(CacheLayout layout, string sessionId, CancellationToken cancellationToken)
    {
        var pidFile = layout.SessionProcessIdFile(sessionId);
        if (!File.Exists(pidFile)
            || !int.TryParse(await File.ReadAllTextAsync(pidFile, cancellationToken).ConfigureAwait(false), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        // Only a process whose command line names this session folder is ours: pids get reused.
        var cmdline = $"/proc/{pid}/cmdline";
        if (File.Exists(cmdline)
            && (await File.ReadAllTextAsync(cmdline, cancellationToken).ConfigureAwait(false)).Contains(layout.SessionFolder(sessionId), StringComparison.Ordinal))
        {
            ProcessSignals.ForceKill(pid);
            for (var i = 0; i < 50 && File.Exists(cmdline); i++)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
