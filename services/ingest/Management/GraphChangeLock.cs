namespace Cvr.Ingest.Management;

/// <summary>
/// Serializes changes to the stored topologies and instances: each change reads what it is about to
/// replace (an instance's state, a topology's users), so two changes must never interleave. Shared by
/// <see cref="GraphTopologies"/>, <see cref="GraphInstances"/> and <see cref="InstanceLifecycle"/>; the
/// long parts of a transition (waiting for the camera, for the uploads) run outside it.
/// </summary>
public sealed class GraphChangeLock : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the lock; disposing the answer releases it.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Held(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
