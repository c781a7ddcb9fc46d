using Cvr.Contracts.Events;
using Cvr.Media.Cache;
using Cvr.Media.Files;
using Cvr.Platform.Hosting;
using Cvr.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Cvr.Uploader;

/// <summary>
/// Keeps every disk Cvr writes (the streams' caches, the data folder, a folder asset store) above its
/// free-space floor, because a full disk is the certain end of an edge box that records for months.
/// Below the floor it frees space in the order that loses least: uploaded copies in the caches on that
/// disk, then (for a folder asset store on it) the oldest stored recordings, and only then the oldest
/// video not yet uploaded, each drop announced with reason DiskFull. It says so once when the pressure
/// starts and once when it ends, and never stops a recorder: ffmpeg's own failures on a full disk end
/// its session, which restarts by itself when space returns.
/// </summary>
public sealed partial class VolumeGuard(
    UploaderStreams streams,
    IAssetStore store,
    CacheEviction eviction,
    StoreExpiry expiry,
    UploadQueue queue,
    IOptions<UploaderOptions> options,
    IOptions<CvrOptions> cvr,
    TimeProvider time,
    ILogger<VolumeGuard> logger) : BackgroundService
{
    /// <summary>Space is freed until this much over the floor, so that the guard does not act at every pass.</summary>
    private const double Headroom = 1.25;

    /// <summary>Stored segments looked at per asset and round when a folder store's disk is short.</summary>
    private const int StoredBatch = 50;

    private static readonly long MiB = 1024 * 1024;
    private static readonly TimeSpan RegistryRefresh = TimeSpan.FromSeconds(30);
    private readonly HashSet<ulong> _pressed = [];
    private readonly HashSet<ulong> _exhausted = [];

    /// <summary>One look at every disk; frees space where it is short.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var known = await streams.ListRecentAsync(RegistryRefresh, time, cancellationToken).ConfigureAwait(false);
        var paths = known.Select(s => s.CachePath).Append(cvr.Value.DataPath);
        if (store.LocalFolder is { } storeFolder)
        {
            paths = paths.Append(storeFolder);
        }

        foreach (var volume in paths.Select(p => (Path: p, Volume: Volume.Of(p))).GroupBy(v => v.Volume.Id))
        {
            var space = volume.First().Volume;
            var floor = Floor(space);
            if (space.FreeBytes >= floor)
            {
                _exhausted.Remove(volume.Key);
                if (_pressed.Remove(volume.Key))
                {
                    LogRelieved(volume.First().Path, space.FreeBytes / MiB, floor / MiB);
                }

                continue;
            }

            if (_pressed.Add(volume.Key))
            {
                LogPressure(volume.First().Path, space.FreeBytes / MiB, floor / MiB);
            }

            var onVolume = known.Where(s => Volume.Of(s.CachePath).Id == volume.Key).ToList();
            var storeOnVolume = store.LocalFolder is { } local && Volume.Of(local).Id == volume.Key;
            if (!await RelieveAsync(volume.First().Path, (long)(floor * Headroom), onVolume, storeOnVolume, cancellationToken).ConfigureAwait(false)
                && _exhausted.Add(volume.Key))
            {
                LogNothingLeft(volume.First().Path, Volume.Of(volume.First().Path).FreeBytes / MiB);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckFailed(ex);
            }

            await Task.Delay(options.Value.DiskCheckInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private long Floor(Volume volume) => volume.FloorBytes(options.Value.MinimumFreeSpaceMiB);

    /// <summary>Frees space on the disk of <paramref name="path"/> up to <paramref name="target"/> free; false if it could not.</summary>
    private async Task<bool> RelieveAsync(string path, long target, IReadOnlyList<StreamDescriptor> onVolume, bool storeOnVolume, CancellationToken cancellationToken)
    {
        bool Enough() => Volume.Of(path).FreeBytes >= target;

        // 1. Uploaded copies: the store has them (on this disk they may be a second link to stored bytes).
        foreach (var (stream, name) in Oldest(onVolume, s => CacheLayout.SegmentsIn(new CacheLayout(s.CachePath).UploadedFolder)))
        {
            if (Enough())
            {
                return true;
            }

            CacheEviction.DeleteUploadedCopy(new CacheLayout(stream.CachePath), name);
        }

        // 2. The oldest stored recordings, when the folder asset store is on this disk: retention, early.
        while (storeOnVolume && !Enough())
        {
            var oldest = await OldestStoredAsync(cancellationToken).ConfigureAwait(false);
            if (oldest.Count == 0)
            {
                break;
            }

            foreach (var segment in oldest)
            {
                if (Enough())
                {
                    return true;
                }

                await expiry.ExpireAsync(segment, SegmentExpired.DiskFull, cancellationToken).ConfigureAwait(false);
            }
        }

        // 3. The oldest video not yet uploaded: lost, and said so (a gap with reason DiskFull).
        foreach (var (stream, name) in Oldest(onVolume, s => CacheLayout.SegmentsIn(new CacheLayout(s.CachePath).SealedFolder)))
        {
            if (Enough())
            {
                return true;
            }

            if (!queue.InFlight.Contains(name))
            {
                await eviction.DropAsync(stream.StreamId, new CacheLayout(stream.CachePath), name, SegmentEvicted.DiskFull, cancellationToken).ConfigureAwait(false);
            }
        }

        return Enough();
    }

    /// <summary>Segments of the streams, oldest first across them (names sort by time).</summary>
    private static IEnumerable<(StreamDescriptor Stream, string Name)> Oldest(IEnumerable<StreamDescriptor> onVolume, Func<StreamDescriptor, IReadOnlyList<string>> files) =>
        onVolume.SelectMany(s => files(s).Select(f => (Stream: s, Name: Path.GetFileName(f)))).OrderBy(x => x.Name, StringComparer.Ordinal).ToList();

    /// <summary>The oldest stored segments across assets (a batch of each asset's first), oldest first.</summary>
    private async Task<List<SegmentDescriptor>> OldestStoredAsync(CancellationToken cancellationToken)
    {
        var oldest = new List<SegmentDescriptor>();
        await foreach (var asset in store.ListAssetsAsync(cancellationToken).ConfigureAwait(false))
        {
            var taken = 0;
            await foreach (var blob in store.ListAsync(asset, cancellationToken).ConfigureAwait(false))
            {
                if (SegmentMetadata.TryRead(blob, out var segment))
                {
                    oldest.Add(segment!);
                    if (++taken == StoredBatch)
                    {
                        break;
                    }
                }
            }
        }

        return [.. oldest.OrderBy(s => s.FileName, StringComparer.Ordinal).Take(StoredBatch)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disk of {Path} has {FreeMiB} MiB free, under its floor of {FloorMiB} MiB: freeing space (uploaded copies first, then the oldest stored recordings on it, then the oldest video not yet uploaded)")]
    private partial void LogPressure(string path, long freeMiB, long floorMiB);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disk of {Path} has {FreeMiB} MiB free again (floor {FloorMiB} MiB)")]
    private partial void LogRelieved(string path, long freeMiB, long floorMiB);

    [LoggerMessage(Level = LogLevel.Error, Message = "Disk of {Path} still has only {FreeMiB} MiB free and Cvr has nothing more of its own to free there; recording fails until space returns")]
    private partial void LogNothingLeft(string path, long freeMiB);

    [LoggerMessage(Level = LogLevel.Error, Message = "Free-space check failed; trying again")]
    private partial void LogCheckFailed(Exception exception);
}
