using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.Ingest.Recording;
using Cvr.Ingest.Uploads;
using Cvr.Platform.Messaging;
using Microsoft.Extensions.Options;

namespace Cvr.Ingest.Management;

/// <summary>
/// Activation and deactivation with LVA's semantics: Inactive → Activating → Active → Deactivating →
/// Inactive, and 409 for what the state does not allow. The decision is taken under the
/// <see cref="GraphChangeLock"/>; the long part (waiting for the camera, for the uploads) runs outside
/// it, owned by the service (<see cref="InstanceTransitions"/>), so it ends the same whether the caller
/// waits for it, hangs up, or is joined by a second caller.
/// </summary>
public sealed partial class InstanceLifecycle(
    GraphRepository graphs,
    GraphPlanner planner,
    InstanceConflicts conflicts,
    InstanceView views,
    GraphChangeLock changes,
    RecordingSupervisor recorders,
    CacheFlush flush,
    IEventPublisher publisher,
    TimeProvider time,
    IOptions<IngestOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<InstanceLifecycle> logger)
{
    private const string Kind = "Graph instance";
    private readonly InstanceTransitions _transitions = new();
    private readonly CancellationToken _stopping = lifetime.ApplicationStopping;

    /// <summary>
    /// Starts recording and answers once the camera answered, or after <see cref="IngestOptions.ActivationWait"/>
    /// (recording goes on retrying a silent camera). Meanwhile the instance is Activating. Activating an Active
    /// instance succeeds at once; activating one that is Activating waits for that activation.
    /// </summary>
    public async Task<ManagementResult> ActivateAsync(string? name, CancellationToken cancellationToken)
    {
        if (ManagementError.ForName(name, Kind) is { } nameError)
        {
            return nameError;
        }

        var decision = await DecideActivationAsync(name!, cancellationToken).ConfigureAwait(false);
        if (decision.Answer is { } answer)
        {
            return answer;
        }

        if (decision.Joined is { } other)
        {
            await other.WaitAsync(cancellationToken).ConfigureAwait(false);
            var after = await views.AnswerAsync(name!, cancellationToken).ConfigureAwait(false);
            return Json.Text(Json.Field(Json.Field(after.Payload, "properties"), "state")) is nameof(GraphInstanceState.Active) or null
                ? after
                : ManagementError.Conflict("ResourceValidationError", $"Graph instance '{name}' did not become Active; see its recording status.");
        }

        var activation = Task.Run(() => CompleteActivationAsync(name!, decision.Plan!, decision.Done!), CancellationToken.None);
        return await activation.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops recording, then waits (Deactivating) until what the instance recorded has left the cache for the
    /// asset store, or <see cref="IngestOptions.DeactivationFlushTimeout"/> passes; whatever is left is still
    /// uploaded later. Deactivating an Inactive instance succeeds at once.
    /// </summary>
    public async Task<ManagementResult> DeactivateAsync(string? name, CancellationToken cancellationToken)
    {
        if (ManagementError.ForName(name, Kind) is { } nameError)
        {
            return nameError;
        }

        var decision = await DecideDeactivationAsync(name!, cancellationToken).ConfigureAwait(false);
        if (decision.Answer is { } answer)
        {
            return answer;
        }

        if (decision.Joined is { } other)
        {
            await other.WaitAsync(cancellationToken).ConfigureAwait(false);
            return await views.AnswerAsync(name!, cancellationToken).ConfigureAwait(false);
        }

        var deactivation = Task.Run(() => CompleteDeactivationAsync(decision.Instance!, decision.Done!), CancellationToken.None);
        return await deactivation.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Decision> DecideActivationAsync(string name, CancellationToken cancellationToken)
    {
        using var held = await changes.EnterAsync(cancellationToken).ConfigureAwait(false);
        if (await graphs.GetInstanceAsync(name, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return Decision.Answered(InstanceView.NotFound(name));
        }

        if (instance.State == GraphInstanceState.Active)
        {
            return Decision.Answered(await views.AnswerAsync(name, cancellationToken).ConfigureAwait(false));
        }

        if (instance.State == GraphInstanceState.Deactivating)
        {
            return Decision.Answered(ManagementError.Conflict("OperationNotAllowedInState", $"Graph instance '{name}' is Deactivating; activate it once it is Inactive."));
        }

        if (instance.State == GraphInstanceState.Activating && _transitions.Running(name) is { } other)
        {
            return Decision.Join(other);
        }

        RecordingPlan plan;
        try
        {
            plan = await planner.PlanAsync(instance, cancellationToken).ConfigureAwait(false);
        }
        catch (GraphValidationException ex)
        {
            return Decision.Answered(ManagementError.ForValidation(ex, instance.Body));
        }

        if (await conflicts.ActiveCachePathUserAsync(name, plan, cancellationToken).ConfigureAwait(false) is { } user)
        {
            return Decision.Answered(ManagementError.Conflict("ResourceValidationError", $"localMediaCachePath '{plan.Stream.CachePath}' is already used by active graph instance '{user}'."));
        }

        // Decided: from here the caller hanging up must not leave a half-made transition.
        await graphs.SaveInstanceAsync(instance with { State = GraphInstanceState.Activating }, CancellationToken.None).ConfigureAwait(false);
        return new Decision(Plan: plan, Instance: instance, Done: _transitions.Begin(name));
    }

    private async Task<Decision> DecideDeactivationAsync(string name, CancellationToken cancellationToken)
    {
        using var held = await changes.EnterAsync(cancellationToken).ConfigureAwait(false);
        if (await graphs.GetInstanceAsync(name, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return Decision.Answered(InstanceView.NotFound(name));
        }

        if (instance.State == GraphInstanceState.Inactive)
        {
            return Decision.Answered(ManagementResult.Ok(await views.ViewAsync(instance, cancellationToken).ConfigureAwait(false)));
        }

        if (instance.State == GraphInstanceState.Activating && _transitions.Running(name) is not null)
        {
            return Decision.Answered(ManagementError.Conflict("OperationNotAllowedInState", $"Graph instance '{name}' is Activating; deactivate it once it is Active."));
        }

        if (instance.State == GraphInstanceState.Deactivating && _transitions.Running(name) is { } other)
        {
            return Decision.Join(other);
        }

        await graphs.SaveInstanceAsync(instance with { State = GraphInstanceState.Deactivating }, CancellationToken.None).ConfigureAwait(false);
        return new Decision(Instance: instance, Done: _transitions.Begin(name));
    }

    private async Task<ManagementResult> CompleteActivationAsync(string name, RecordingPlan plan, TaskCompletionSource done)
    {
        try
        {
            try
            {
                await recorders.StartRecorderAsync(plan, _stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogActivationFailed(ex, name);
                await SetStateAsync(name, GraphInstanceState.Inactive).ConfigureAwait(false);
                return ManagementError.Conflict("ResourceValidationError", $"Recording could not start ({ex.GetType().Name}: {ex.Message}); the instance is Inactive.");
            }

            await WaitForCameraAsync(name).ConfigureAwait(false);
            await SetStateAsync(name, GraphInstanceState.Active).ConfigureAwait(false);
            LogActivated(name, recorders.StatusOf(name)?.Connection ?? "unknown");
            using var held = await changes.EnterAsync(_stopping).ConfigureAwait(false);
            return await views.AnswerAsync(name, _stopping).ConfigureAwait(false);
        }
        finally
        {
            _transitions.End(name, done);
        }
    }

    private async Task<ManagementResult> CompleteDeactivationAsync(GraphInstanceDocument instance, TaskCompletionSource done)
    {
        try
        {
            await recorders.StopRecorderAsync(instance.Name).ConfigureAwait(false);
            await publisher.PublishAsync(new GraphInstanceDeactivated(instance.Name, time.GetUtcNow()), _stopping).ConfigureAwait(false);
            var plan = await planner.TryPlanAsync(instance, _stopping).ConfigureAwait(false);
            var left = plan is null ? 0 : await flush.WaitAsync(plan.Stream, options.Value.DeactivationFlushTimeout, _stopping).ConfigureAwait(false);
            if (left > 0)
            {
                LogFlushIncomplete(instance.Name, left, options.Value.DeactivationFlushTimeout);
            }

            await SetStateAsync(instance.Name, GraphInstanceState.Inactive).ConfigureAwait(false);
            var view = await views.ViewAsync(instance with { State = GraphInstanceState.Inactive }, _stopping).ConfigureAwait(false);
            if (left > 0 && view["properties"] is JsonObject properties)
            {
                properties["pendingUploads"] = left;
            }

            return ManagementResult.Ok(view);
        }
        finally
        {
            _transitions.End(instance.Name, done);
        }
    }

    private async Task WaitForCameraAsync(string name)
    {
        var deadline = time.GetUtcNow() + options.Value.ActivationWait;
        while (time.GetUtcNow() < deadline && recorders.StatusOf(name) is { Connection: not RecorderStatus.Connected })
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, _stopping).ConfigureAwait(false);
        }
    }

    private async Task SetStateAsync(string name, GraphInstanceState state)
    {
        using var held = await changes.EnterAsync(_stopping).ConfigureAwait(false);
        if (await graphs.GetInstanceAsync(name, _stopping).ConfigureAwait(false) is { } current)
        {
            await graphs.SaveInstanceAsync(current with { State = state }, _stopping).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Graph instance {Instance} could not start recording; it is Inactive")]
    private partial void LogActivationFailed(Exception exception, string instance);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph instance {Instance} is active; camera {Connection}")]
    private partial void LogActivated(string instance, string connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph instance {Instance} is inactive with {Pending} segment(s) not yet uploaded after {Timeout}; they upload when the asset store answers")]
    private partial void LogFlushIncomplete(string instance, int pending, TimeSpan timeout);

    /// <summary>What the lock's holder decided: an answer at once, a transition to join, or one to run.</summary>
    private sealed record Decision(ManagementResult? Answer = null, Task? Joined = null, RecordingPlan? Plan = null, GraphInstanceDocument? Instance = null, TaskCompletionSource? Done = null)
    {
        public static Decision Answered(ManagementResult answer) => new(Answer: answer);

        public static Decision Join(Task running) => new(Joined: running);
    }
}
