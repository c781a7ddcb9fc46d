using System.Collections.Concurrent;

namespace Cvr.Ingest.Management;

/// <summary>
/// The activation or deactivation under way of each instance. The service, not the caller, owns a
/// transition once it is decided: it runs to its end even if the caller hangs up, and a second caller
/// of the same operation joins it instead of starting another (LVA's idempotency).
/// </summary>
internal sealed class InstanceTransitions
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <summary>The transition under way, which completes when it has ended; null when there is none.</summary>
    public Task? Running(string name) => _running.GetValueOrDefault(name);

    /// <summary>Marks a transition as under way; pass the answer to <see cref="End"/>.</summary>
    public TaskCompletionSource Begin(string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[name] = done.Task;
        return done;
    }

    /// <summary>Ends the transition and releases whoever joined it.</summary>
    public void End(string name, TaskCompletionSource done)
    {
        _running.TryRemove(KeyValuePair.Create(name, done.Task));
        done.TrySetResult();
    }
}
