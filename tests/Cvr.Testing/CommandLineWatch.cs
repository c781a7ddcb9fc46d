using System.Collections.Concurrent;
using System.Globalization;

namespace Cvr.Testing;

/// <summary>
/// Reads every process's command line (/proc/*/cmdline, which any local user may read) again and again
/// until disposed, and keeps each one seen: what another user of the machine could have learnt.
/// </summary>
public sealed class CommandLineWatch : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private int _scans;

    public CommandLineWatch() => _watching = Task.Run(() => WatchAsync(_stop.Token));

    /// <summary>Each distinct command line seen, its arguments joined by spaces.</summary>
    public IReadOnlyCollection<string> Seen => [.. _seen.Keys];

    /// <summary>How many times all of /proc was read.</summary>
    public int Scans => Volatile.Read(ref _scans);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    continue;
                }

                try
                {
                    var raw = await File.ReadAllTextAsync(Path.Combine(folder, "cmdline"), cancellationToken);
                    _seen.TryAdd(raw.TrimEnd('\0').Replace('\0', ' '), 0);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The process ended while it was read.
                }
            }

            Interlocked.Increment(ref _scans);
            await Task.Delay(Interval, cancellationToken);
        }
    }
}
