using Cvr.Catalog.Clips;
using Cvr.Catalog.Exports;
using Cvr.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Catalog;

/// <summary>Export jobs kept in a real folder: their life from queued to forgotten, across a restart, and deleted while running.</summary>
public sealed class ExportJobsTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private static readonly ClipRequest Request = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero), SkipGaps: false);
    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Job_FromCreatedToForgotten_KeepsItsClipForOneLifetimeAndSaysItExpiredForAnother()
    {
        using var jobs = await JobsAsync();
        var id = (await jobs.CreateAsync("door", Request, default)).Id;
        Assert.Equal(id, await jobs.Queue.ReadAsync());
        using (await jobs.StartAsync(id, default))
        {
            jobs.Report(id, 0.5);
            Assert.Equal(0.5, jobs.Find(id)!.Progress);
            await File.WriteAllTextAsync(jobs.ClipPath(id), "clip");
            Assert.True(await jobs.CompleteAsync(id, 4, default));
            jobs.Ended(id);
        }

        var completed = jobs.Find(id)!;
        Assert.Equal((ExportState.Completed, 1.0, 4L, _time.GetUtcNow() + Lifetime), (completed.State, completed.Progress, completed.Bytes!.Value, completed.ExpiresAt!.Value));
        Assert.Equal(completed.ExpiresAt, await jobs.SweepAsync(default));

        _time.Advance(Lifetime);
        Assert.Equal(ExportState.Expired, jobs.Find(id)!.State); // as soon as it is due, before any sweep
        Assert.True(File.Exists(jobs.ClipPath(id)));
        Assert.Equal(completed.ExpiresAt + Lifetime, await jobs.SweepAsync(default));
        Assert.False(File.Exists(jobs.ClipPath(id)));

        using (var restarted = await JobsAsync())
        {
            Assert.Equal(ExportState.Expired, restarted.Find(id)!.State);
        }

        _time.Advance(Lifetime);
        Assert.Null(await jobs.SweepAsync(default));
        Assert.Null(jobs.Find(id));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task Job_CutShortByARestart_IsQueuedAgainFromTheStart()
    {
        string id;
        using (var before = await JobsAsync())
        {
            id = (await before.CreateAsync("door", Request, default)).Id;
            await before.StartAsync(id, default);
            before.Report(id, 0.7);
            await File.WriteAllTextAsync(before.PartPath(id), "half a clip");
        }

        using var after = await JobsAsync();

        var job = after.Find(id)!;
        Assert.Equal((ExportState.Queued, 0.0, Request), (job.State, job.Progress, job.Request));
        Assert.Equal(id, await after.Queue.ReadAsync());
        Assert.False(File.Exists(after.PartPath(id)));
    }

    [Fact]
    public async Task Job_DeletedWhileRunning_IsStoppedAndItsFilesAreGone()
    {
        using var jobs = await JobsAsync();
        var id = (await jobs.CreateAsync("door", Request, default)).Id;
        using var stop = await jobs.StartAsync(id, default);
        await File.WriteAllTextAsync(jobs.PartPath(id), "part");

        Assert.True(await jobs.DeleteAsync(id, default));

        Assert.True(stop!.IsCancellationRequested);
        Assert.Null(jobs.Find(id));
        Assert.False(await jobs.CompleteAsync(id, 4, default)); // the maker finishing late writes nothing back
        Assert.Empty(Directory.GetFiles(_folder.Path));
        Assert.False(await jobs.DeleteAsync(id, default));
    }

    [Fact]
    public async Task Job_DeletedWhileQueued_IsNotStarted()
    {
        using var jobs = await JobsAsync();
        var id = (await jobs.CreateAsync("door", Request, default)).Id;

        await jobs.DeleteAsync(id, default);

        Assert.Null(await jobs.StartAsync(id, default));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<ExportJobs> JobsAsync()
    {
        var jobs = new ExportJobs(_folder.Path, Lifetime, _time, NullLogger<ExportJobs>.Instance);
        await jobs.LoadAsync(default);
        return jobs;
    }
}
