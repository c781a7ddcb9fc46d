namespace Cvr.Uploader;

/// <summary>
/// Sealed segments waiting for upload, oldest first across all streams. Only a hint: the sealed/
/// folders are the truth, and the queue is refilled from them after a restart.
/// </summary>
public sealed class UploadQueue
{
    private readonly SortedDictionary<(DateTimeOffset Start, string Name), PendingSegment> _pending = [];
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _evicting = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _available = new(0);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Adds a segment unless it is already queued or being uploaded.</summary>
    public bool Enqueue(PendingSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        lock (_lock)
        {
            var key = (segment.Segment.Start, segment.Segment.FileName);
            if (_inFlight.Contains(segment.Segment.FileName) || _evicting.Contains(segment.Segment.FileName) || !_pending.TryAdd(key, segment))
            {
                return false;
            }
        }

        _available.Release();
        return true;
    }

    /// <summary>Waits for the oldest pending segment and marks it in flight.</summary>
    public async Task<PendingSegment> TakeOldestAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                if (_pending.Count > 0)
                {
                    var oldest = _pending.First();
                    _pending.Remove(oldest.Key);
                    _inFlight.Add(oldest.Value.Segment.FileName);
                    return oldest.Value;
                }
            }
        }
    }

    /// <summary>Names being uploaded right now: the cache budget must not take them.</summary>
    public IReadOnlySet<string> InFlight
    {
        get
        {
            lock (_lock)
            {
                return new HashSet<string>(_inFlight, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// Takes a segment out of the upload's reach so that it can be evicted; false while it is being
    /// uploaded. Until <see cref="EndEviction"/> it cannot be queued again.
    /// </summary>
    public bool TryBeginEviction(string fileName)
    {
        lock (_lock)
        {
            if (_inFlight.Contains(fileName))
            {
                return false;
            }

            foreach (var key in _pending.Keys.Where(k => k.Name == fileName).ToList())
            {
                _pending.Remove(key);
            }

            _evicting.Add(fileName);
            return true;
        }
    }

    public void EndEviction(string fileName)
    {
        lock (_lock)
        {
            _evicting.Remove(fileName);
        }
    }

    /// <summary>Ends an upload attempt; a failed one goes back into the queue.</summary>
    public void Complete(PendingSegment segment, bool succeeded)
    {
        ArgumentNullException.ThrowIfNull(segment);
        lock (_lock)
        {
            _inFlight.Remove(segment.Segment.FileName);
        }

        if (!succeeded)
        {
            Enqueue(segment);
        }
    }
}
