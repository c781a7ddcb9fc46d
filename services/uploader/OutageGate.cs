namespace Cvr.Uploader;

/// <summary>
/// Open while the asset store is reachable. The first failed upload closes it; while closed no upload
/// is attempted (no retry storm), and one cheap probe at a time, on a capped backoff, decides when to
/// open it again.
/// </summary>
public sealed class OutageGate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _opened = NewOpened(completed: true);
    private TaskCompletionSource _closed = NewOpened(completed: false);

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _opened.Task.IsCompleted;
            }
        }
    }

    /// <summary>When the current outage began, if there is one.</summary>
    public DateTimeOffset? ClosedSince { get; private set; }

    /// <summary>Closes the gate; true if this call began the outage.</summary>
    public bool Close(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_opened.Task.IsCompleted)
            {
                return false;
            }

            _opened = NewOpened(completed: false);
            ClosedSince = now;
            _closed.TrySetResult();
            return true;
        }
    }

    /// <summary>Opens the gate; the time the outage lasted, or null if it was open.</summary>
    public TimeSpan? Open(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_opened.Task.IsCompleted)
            {
                return null;
            }

            var lasted = now - ClosedSince!.Value;
            ClosedSince = null;
            _closed = NewOpened(completed: false);
            _opened.TrySetResult();
            return lasted;
        }
    }

    public Task WaitOpenAsync(CancellationToken cancellationToken)
    {
        Task opened;
        lock (_lock)
        {
            opened = _opened.Task;
        }

        return opened.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when the gate closes (at once if it is closed).</summary>
    public Task WaitClosedAsync(CancellationToken cancellationToken)
    {
        Task closed;
        lock (_lock)
        {
            closed = _closed.Task;
        }

        return closed.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource NewOpened(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }
}
