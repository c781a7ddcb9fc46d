using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Cvr.Catalog.Clips;
using Cvr.Media.Files;

namespace Cvr.Catalog.Exports;

/// <summary>
/// The export jobs: each kept as <c>{id}.json</c> beside its clip <c>{id}.mp4</c> in the export folder
/// (written atomically and durably, so a job outlives a restart or a power cut), and queued for the
/// <see cref="ExportWorker"/>. Progress is held in memory only: a job cut short by a restart is made again.
/// </summary>
public sealed partial class ExportJobs : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private readonly ConcurrentDictionary<string, ExportJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly TimeProvider _time;
    private readonly ILogger<ExportJobs> _logger;

    public ExportJobs(string folder, TimeSpan lifetime, TimeProvider time, ILogger<ExportJobs> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = folder;
        Lifetime = lifetime;
        _time = time;
        _logger = logger;
    }

    public string Folder { get; }

    /// <summary>How long a finished job's clip is kept.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>The ids of jobs to make, in the order they were asked for.</summary>
    public ChannelReader<string> Queue => _queue.Reader;

    /// <summary>Every job, newest first, each as of now (a finished job past its expiry is <see cref="ExportState.Expired"/>).</summary>
    public IReadOnlyList<ExportJob> All => [.. _jobs.Values.Select(AsOfNow).OrderByDescending(j => j.CreatedAt)];

    public string ClipPath(string id) => Path.Combine(Folder, id + ".mp4");

    /// <summary>Where the clip is made; renamed to <see cref="ClipPath"/> once whole.</summary>
    public string PartPath(string id) => ClipPath(id) + ".part";

    /// <summary>Reads the jobs kept in the folder; those a restart cut short are queued again, from the start.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        DurableFile.CreateDirectory(Folder);
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            ExportJob? job;
            try
            {
                job = JsonSerializer.Deserialize<ExportJob>(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), Json);
            }
            catch (JsonException ex)
            {
                LogUnreadableJob(path, ex.Message);
                continue;
            }

            if (job is null || Path.GetFileNameWithoutExtension(path) != job.Id)
            {
                continue;
            }

            _jobs[job.Id] = job;
            if (!job.IsFinished)
            {
                File.Delete(PartPath(job.Id));
                await SaveAsync(job with { State = ExportState.Queued, Progress = 0 }, cancellationToken).ConfigureAwait(false);
                _queue.Writer.TryWrite(job.Id);
            }
        }
    }

    /// <summary>A new job, kept and queued.</summary>
    public async Task<ExportJob> CreateAsync(string asset, ClipRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var job = new ExportJob(
            NewId(), asset, request.From, request.To, request.SkipGaps, ExportState.Queued, 0, null, null, _time.GetUtcNow(), null, null);
        await SaveAsync(job, cancellationToken).ConfigureAwait(false);
        _queue.Writer.TryWrite(job.Id);
        return job;
    }

    /// <summary>The job as of now, or null when there is none by that id (never was, deleted, or forgotten after expiry).</summary>
    public ExportJob? Find(string id) => _jobs.TryGetValue(id, out var job) ? AsOfNow(job) : null;

    /// <summary>
    /// Marks a queued job running and returns the token that stops it (the host stopping, or the job
    /// being deleted); null when the job was deleted while it waited.
    /// </summary>
    public async Task<CancellationTokenSource?> StartAsync(string id, CancellationToken stopping)
    {
        if (!_jobs.TryGetValue(id, out var job) || job.State != ExportState.Queued)
        {
            return null;
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[id] = stop;
        await SaveAsync(job with { State = ExportState.Running }, stopping).ConfigureAwait(false);
        return stop;
    }

    /// <summary>How far a running job is (memory only).</summary>
    public void Report(string id, double progress)
    {
        if (_jobs.TryGetValue(id, out var job) && job.State == ExportState.Running)
        {
            _jobs.TryUpdate(id, job with { Progress = progress }, job);
        }
    }

    /// <summary>The clip is whole at <see cref="ClipPath"/>; false when the job was deleted meanwhile.</summary>
    public Task<bool> CompleteAsync(string id, long bytes, CancellationToken cancellationToken) =>
        FinishAsync(id, j => j with { State = ExportState.Completed, Progress = 1, Bytes = bytes }, cancellationToken);

    public Task<bool> FailAsync(string id, string error, CancellationToken cancellationToken) =>
        FinishAsync(id, j => j with { State = ExportState.Failed, Error = error }, cancellationToken);

    /// <summary>Stops the job if it runs, deletes its clip and forgets it; false when there is no such job.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (!_jobs.TryRemove(id, out _))
        {
            return false;
        }

        if (_running.TryGetValue(id, out var running))
        {
            await running.CancelAsync().ConfigureAwait(false);
        }

        await ForgetAsync(id, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Deletes the clips of finished jobs past their expiry (the job stays, <see cref="ExportState.Expired"/>,
    /// for one more lifetime, so that asking for it says it expired) and forgets the jobs after that.
    /// Returns when to sweep next: the earliest of those times still to come.
    /// </summary>
    public async Task<DateTimeOffset?> SweepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var job in _jobs.Values.Where(j => j.ExpiresAt is not null))
        {
            var expires = job.ExpiresAt!.Value;
            if (job.State != ExportState.Expired && expires <= now)
            {
                File.Delete(ClipPath(job.Id));
                await SaveAsync(job with { State = ExportState.Expired }, cancellationToken).ConfigureAwait(false);
                LogExpired(job.Id, job.Asset);
            }

            var forget = expires + Lifetime;
            if (forget <= now)
            {
                _jobs.TryRemove(job.Id, out _);
                await ForgetAsync(job.Id, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var due = expires > now ? expires : forget;
            next = next is null || due < next ? due : next;
        }

        return next;
    }

    /// <summary>Marks the end of a run: the token is disposed and no longer cancels anything.</summary>
    public void Ended(string id)
    {
        if (_running.TryRemove(id, out var stop))
        {
            stop.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var stop in _running.Values)
        {
            stop.Dispose();
        }

        _writes.Dispose();
    }

    // 128 random bits: the id alone reaches the clip's file, to whoever may see the job.
    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private ExportJob AsOfNow(ExportJob job) =>
        job.State is ExportState.Completed or ExportState.Failed && job.ExpiresAt <= _time.GetUtcNow() ? job with { State = ExportState.Expired } : job;

    private async Task<bool> FinishAsync(string id, Func<ExportJob, ExportJob> finish, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        return await SaveAsync(finish(job) with { FinishedAt = now, ExpiresAt = now + Lifetime }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> SaveAsync(ExportJob job, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A job deleted meanwhile stays deleted: only a job still (or newly) known is written.
            if (job.State != ExportState.Queued && !_jobs.ContainsKey(job.Id))
            {
                return false;
            }

            _jobs[job.Id] = job;
            DurableFile.CreateDirectory(Folder);
            await DurableFile.WriteAtomicallyAsync(Path.Combine(Folder, job.Id + ".json"), JsonSerializer.SerializeToUtf8Bytes(job, Json), cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task ForgetAsync(string id, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            File.Delete(Path.Combine(Folder, id + ".json"));
            File.Delete(ClipPath(id));
            File.Delete(PartPath(id));
            DurableFile.FlushDirectory(Folder);
        }
        finally
        {
            _writes.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export job file {Path} cannot be read and is left alone: {Reason}")]
    private partial void LogUnreadableJob(string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export {Id} of {Asset} expired: its clip is deleted")]
    private partial void LogExpired(string id, string asset);
}
