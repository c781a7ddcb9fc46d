using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests;

/// <summary>
/// A fake clock that tells when the code under test starts waiting on one of its timers, so that a test
/// moves time on when that code waits, never while it is busy: how many steps pass is then a fact of the
/// code, not of how fast the machine runs it.
/// </summary>
public sealed class ObservedClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>How long <see cref="RunAsync{T}"/> lets the code be busy before it moves time on anyway (it may wait on an older timer).</summary>
    private static readonly TimeSpan QuietSpell = TimeSpan.FromMilliseconds(100);

    private readonly FakeTimeProvider _fake = new(start);
    private readonly SemaphoreSlim _created = new(0);
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        _created.Release();
        return timer;
    }

    public void Advance(TimeSpan delta) => _fake.Advance(delta);

    public async Task WaitForTimerAfterAsync(int timers, TimeSpan bound)
    {
        using var cancel = new CancellationTokenSource(bound);
        while (TimersCreated <= timers)
        {
            await _created.WaitAsync(cancel.Token);
        }
    }

    /// <summary>
    /// Moves time on by <paramref name="step"/> each time the code has started waiting on a new timer
    /// (or has been busy for a quiet spell: it may wait on an older one), until the operation ends.
    /// </summary>
    /// <param name="bound">Real time after which the operation is taken never to end.</param>
    public async Task<T> RunAsync<T>(Task<T> operation, TimeSpan step, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var elapsed = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        var seen = -1;
        while (!operation.IsCompleted)
        {
            Assert.True(elapsed.Elapsed < bound, "the operation did not end");
            if (TimersCreated != seen || quiet.Elapsed > QuietSpell)
            {
                seen = TimersCreated;
                Advance(step);
                quiet.Restart();
            }

            await Task.WhenAny(operation, Task.Delay(2));
        }

        return await operation;
    }
}
