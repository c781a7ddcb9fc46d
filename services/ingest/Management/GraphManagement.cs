using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.Contracts.Json;
using Cvr.Ingest.Recording;
using Cvr.Platform.Messaging;
using Microsoft.Extensions.Options;

namespace Cvr.Ingest.Management;

/// <summary>
/// LVA's graph management with LVA's semantics, behind both the REST API and the direct methods:
/// topologies and instances validated as they are set, instance states Inactive → Activating → Active →
/// Deactivating → Inactive, and 409 for what the state does not allow. Changes to the stored documents
/// are serialized; the long parts of a transition (waiting for the camera, flushing the cache) are not.
/// </summary>
public sealed partial class GraphManagement : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, Task> _transitions = new(StringComparer.Ordinal);
    private readonly GraphRepository _graphs;
    private readonly GraphPlanner _planner;
    private readonly RecordingSupervisor _supervisor;
    private readonly IEventPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly IngestOptions _options;
    private readonly ILogger<GraphManagement> _logger;
    private readonly CancellationToken _stopping;

    public GraphManagement(
        GraphRepository graphs,
        GraphPlanner planner,
        RecordingSupervisor supervisor,
        IEventPublisher publisher,
        TimeProvider time,
        IOptions<IngestOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<GraphManagement> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifetime);
        _graphs = graphs;
        _planner = planner;
        _supervisor = supervisor;
        _publisher = publisher;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
    }

    public async Task<ManagementResult> ListTopologiesAsync(CancellationToken cancellationToken)
    {
        var list = await _graphs.ListTopologiesAsync(cancellationToken).ConfigureAwait(false);
        return ManagementResult.Ok(new JsonObject { ["value"] = new JsonArray([.. list.Select(t => (JsonNode)SecretMasking.MaskTopology(t.Body))]) });
    }

    public async Task<ManagementResult> GetTopologyAsync(string? name, CancellationToken cancellationToken)
    {
        if (NameError(name, "Graph topology") is { } error)
        {
            return error;
        }

        return await _graphs.GetTopologyAsync(name!, cancellationToken).ConfigureAwait(false) is { } topology
            ? ManagementResult.Ok(SecretMasking.MaskTopology(topology.Body))
            : ManagementError.NotFound($"Graph topology '{name}' does not exist.");
    }

    public async Task<ManagementResult> SetTopologyAsync(string? name, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (NameError(name, "Graph topology") is { } nameError)
        {
            return nameError;
        }

        body = (JsonObject)body.DeepClone();
        body["name"] = name;
        try
        {
            TopologyValidator.Validate(body);
        }
        catch (GraphValidationException ex)
        {
            return Invalid(ex, null);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await _graphs.GetTopologyAsync(name!, cancellationToken).ConfigureAwait(false);
            foreach (var user in (await _graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false)).Where(i => i.TopologyName == name))
            {
                if (user.State != GraphInstanceState.Inactive)
                {
                    return ManagementError.Conflict("OperationNotAllowedInState", $"Graph topology '{name}' is used by graph instance '{user.Name}', which is {user.State}; deactivate it before changing the topology.");
                }

                try
                {
                    TopologyCompiler.Compile(body, user.Name, user.Parameters, _planner.CacheRoot);
                }
                catch (GraphValidationException ex)
                {
                    return ManagementError.Conflict("ResourceValidationError", $"Graph instance '{user.Name}' would no longer be valid with this topology: {ex.Message} ({ex.Field})");
                }
            }

            var now = _time.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            body["systemData"] = new JsonObject
            {
                ["createdAt"] = Json.Field(existing?.Body["systemData"], "createdAt")?.DeepClone() ?? now,
                ["lastModifiedAt"] = now,
            };
            await _graphs.SaveTopologyAsync(new GraphTopologyDocument(name!, body), cancellationToken).ConfigureAwait(false);
            var view = SecretMasking.MaskTopology(body);
            return existing is null ? ManagementResult.Created(view) : ManagementResult.Ok(view);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<ManagementResult> DeleteTopologyAsync(string? name, CancellationToken cancellationToken)
    {
        if (NameError(name, "Graph topology") is { } nameError)
        {
            return nameError;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _graphs.GetTopologyAsync(name!, cancellationToken).ConfigureAwait(false) is null)
            {
                return ManagementResult.NoContent();
            }

            var users = (await _graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false)).Where(i => i.TopologyName == name).Select(i => i.Name).ToList();
            if (users.Count > 0)
            {
                return ManagementError.Conflict("GraphTopologyInUse", $"Graph topology '{name}' is used by graph instance(s) {string.Join(", ", users)}; delete them first.");
            }

            await _graphs.DeleteTopologyAsync(name!, cancellationToken).ConfigureAwait(false);
            return ManagementResult.Ok(null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<ManagementResult> ListInstancesAsync(CancellationToken cancellationToken)
    {
        var list = new JsonArray();
        foreach (var instance in await _graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(await ViewAsync(instance, cancellationToken).ConfigureAwait(false));
        }

        return ManagementResult.Ok(new JsonObject { ["value"] = list });
    }

    public async Task<ManagementResult> GetInstanceAsync(string? name, CancellationToken cancellationToken)
    {
        if (NameError(name, "Graph instance") is { } nameError)
        {
            return nameError;
        }

        return await _graphs.GetInstanceAsync(name!, cancellationToken).ConfigureAwait(false) is { } instance
            ? ManagementResult.Ok(await ViewAsync(instance, cancellationToken).ConfigureAwait(false))
            : ManagementError.NotFound($"Graph instance '{name}' does not exist.");
    }

    public async Task<ManagementResult> SetInstanceAsync(string? name, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (NameError(name, "Graph instance") is { } nameError)
        {
            return nameError;
        }

        body = (JsonObject)body.DeepClone();
        body["name"] = name;
        body.Remove("systemData");
        if (body["properties"] is not JsonObject properties)
        {
            return ManagementError.Invalid("$.properties", "A graph instance needs a properties object with topologyName and parameters.");
        }

        properties.Remove("state");
        properties.Remove("recording");
        var topologyName = Json.Text(properties["topologyName"]);
        if (!GraphNames.IsValid(topologyName))
        {
            return ManagementError.Invalid("$.properties.topologyName", $"properties.topologyName must name a graph topology. {GraphNames.Rule}");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _graphs.GetTopologyAsync(topologyName!, cancellationToken).ConfigureAwait(false) is not { } topology)
            {
                return ManagementError.Invalid("$.properties.topologyName", $"Graph topology '{topologyName}' does not exist; set it first.");
            }

            var existing = await _graphs.GetInstanceAsync(name!, cancellationToken).ConfigureAwait(false);
            if (existing is { State: not GraphInstanceState.Inactive })
            {
                return ManagementError.Conflict("OperationNotAllowedInState", $"Graph instance '{name}' is {existing.State}; deactivate it before changing it.");
            }

            RecordingPlan plan;
            Dictionary<string, string> parameters;
            try
            {
                ApiVersions.Check(body["@apiVersion"], "$.@apiVersion", required: false);
                if (properties["description"] is { } description && (Json.Text(description) is not { } text || text.Length > 2048))
                {
                    throw new GraphValidationException("$.properties.description", "properties.description must be a string of at most 2048 characters.");
                }

                parameters = InstanceParameters.Read(properties, topology.Body);
                plan = TopologyCompiler.Compile(topology.Body, name!, parameters, _planner.CacheRoot);
            }
            catch (GraphValidationException ex)
            {
                return Invalid(ex, body);
            }

            var conflict = await AssetNameErrorAsync(name!, plan, cancellationToken).ConfigureAwait(false)
                ?? await CachePathErrorAsync(name!, plan, topology.Body, body, cancellationToken).ConfigureAwait(false);
            if (conflict is not null)
            {
                return conflict;
            }

            var instance = new GraphInstanceDocument(name!, topologyName!, parameters, GraphInstanceState.Inactive, body);
            await _graphs.SaveInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
            var view = await ViewAsync(instance, cancellationToken).ConfigureAwait(false);
            return existing is null ? ManagementResult.Created(view) : ManagementResult.Ok(view);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<ManagementResult> DeleteInstanceAsync(string? name, CancellationToken cancellationToken)
    {
        if (NameError(name, "Graph instance") is { } nameError)
        {
            return nameError;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await _graphs.GetInstanceAsync(name!, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                return ManagementResult.NoContent();
            }

            if (existing.State != GraphInstanceState.Inactive)
            {
                return ManagementError.Conflict("OperationNotAllowedInState", $"Graph instance '{name}' is {existing.State}; deactivate it before deleting it.");
            }

            await _graphs.DeleteInstanceAsync(name!, cancellationToken).ConfigureAwait(false);
            return ManagementResult.Ok(null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Starts recording and answers once the camera answered, or after <see cref="IngestOptions.ActivationWait"/>
    /// (recording goes on retrying a silent camera). Meanwhile the instance is Activating. Activating an Active
    /// instance succeeds at once; activating one that is Activating waits for that activation.
    /// </summary>
    public async Task<ManagementResult> ActivateAsync(string? name, CancellationToken cancellationToken)
    {
        if (NameError(name, "Graph instance") is { } nameError)
        {
            return nameError;
        }

        TaskCompletionSource? done = null;
        RecordingPlan? plan = null;
        Task? other;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _graphs.GetInstanceAsync(name!, cancellationToken).ConfigureAwait(false) is not { } instance)
            {
                return ManagementError.NotFound($"Graph instance '{name}' does not exist.");
            }

            if (instance.State == GraphInstanceState.Active)
            {
                return await ActivatedAsync(name!, cancellationToken).ConfigureAwait(false);
            }

            if (instance.State == GraphInstanceState.Deactivating)
            {
                return ManagementError.Conflict("OperationNotAllowedInState", $"Graph instance '{name}' is Deactivating; activate it once it is Inactive.");
            }

            // Activating with an activation under way: wait for that one (LVA's idempotency).
            other = instance.State == GraphInstanceState.Activating ? _transitions.GetValueOrDefault(name!) : null;
            if (other is null)
            {
                try
                {
                    plan = await _planner.PlanAsync(instance, cancellationToken).ConfigureAwait(false);
                }
                catch (GraphValidationException ex)
                {
                    return Invalid(ex, instance.Body);
                }

                if (await ActiveCachePathUserAsync(name!, plan, cancellationToken).ConfigureAwait(false) is { } user)
                {
                    return ManagementError.Conflict("ResourceValidationError", $"localMediaCachePath '{plan.Stream.CachePath}' is already used by active graph instance '{user}'.");
                }

                // Decided: from here the caller hanging up must not leave a half-made transition.
                await _graphs.SaveInstanceAsync(instance with { State = GraphInstanceState.Activating }, CancellationToken.None).ConfigureAwait(false);
                done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _transitions[name!] = done.Task;
            }
        }
        finally
        {
            _gate.Release();
        }

        if (other is not null)
        {
            await other.WaitAsync(cancellationToken).ConfigureAwait(false);
            var after = await GetInstanceAsync(name, cancellationToken).ConfigureAwait(false);
            return Json.Text(Json.Field(Json.Field(after.Payload, "properties"), "state")) is nameof(GraphInstanceState.Active) or null
                ? after
                : ManagementError.Conflict("ResourceValidationError", $"Graph instance '{name}' did not become Active; see its recording status.");
        }

        // From here on the transition belongs to the service, not to the caller: it completes even if the caller hangs up.
        var activation = Task.Run(() => CompleteActivationAsync(name!, plan!, done!), CancellationToken.None);
        return await activation.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ManagementResult> CompleteActivationAsync(string name, RecordingPlan plan, TaskCompletionSource done)
    {
        try
        {
            try
            {
                await _supervisor.StartRecorderAsync(plan, _stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogActivationFailed(ex, name);
                await SetStateAsync(name, GraphInstanceState.Inactive).ConfigureAwait(false);
                return ManagementError.Conflict("ResourceValidationError", $"Recording could not start ({ex.GetType().Name}: {ex.Message}); the instance is Inactive.");
            }

            await WaitForCameraAsync(name).ConfigureAwait(false);
            await SetStateAsync(name, GraphInstanceState.Active).ConfigureAwait(false);
            LogActivated(name, _supervisor.StatusOf(name)?.Connection ?? "unknown");
            await _gate.WaitAsync(_stopping).ConfigureAwait(false);
            try
            {
                return await ActivatedAsync(name, _stopping).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            _transitions.TryRemove(KeyValuePair.Create(name, done.Task));
            done.TrySetResult();
        }
    }

    /// <summary>
    /// Stops recording, then waits (Deactivating) until what the instance recorded has left the cache for the
    /// asset store, or <see cref="IngestOptions.DeactivationFlushTimeout"/> passes; whatever is left is still
    /// uploaded later. Deactivating an Inactive instance succeeds at once.
    /// </summary>
    public async Task<ManagementResult> DeactivateAsync(string? name, CancellationToken cancellationToken)
    {
        if (NameError(name, "Graph instance") is { } nameError)
        {
            return nameError;
        }

        TaskCompletionSource? done = null;
        GraphInstanceDocument instance;
        Task? other;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _graphs.GetInstanceAsync(name!, cancellationToken).ConfigureAwait(false) is not { } found)
            {
                return ManagementError.NotFound($"Graph instance '{name}' does not exist.");
            }

            instance = found;
            if (instance.State == GraphInstanceState.Inactive)
            {
                return ManagementResult.Ok(await ViewAsync(instance, cancellationToken).ConfigureAwait(false));
            }

            if (instance.State == GraphInstanceState.Activating && _transitions.ContainsKey(name!))
            {
                return ManagementError.Conflict("OperationNotAllowedInState", $"Graph instance '{name}' is Activating; deactivate it once it is Active.");
            }

            // Deactivating with a deactivation under way: wait for that one (LVA's idempotency).
            other = instance.State == GraphInstanceState.Deactivating ? _transitions.GetValueOrDefault(name!) : null;
            if (other is null)
            {
                await _graphs.SaveInstanceAsync(instance with { State = GraphInstanceState.Deactivating }, CancellationToken.None).ConfigureAwait(false);
                done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _transitions[name!] = done.Task;
            }
        }
        finally
        {
            _gate.Release();
        }

        if (other is not null)
        {
            await other.WaitAsync(cancellationToken).ConfigureAwait(false);
            return await GetInstanceAsync(name, cancellationToken).ConfigureAwait(false);
        }

        var deactivation = Task.Run(() => CompleteDeactivationAsync(instance, done!), CancellationToken.None);
        return await deactivation.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ManagementResult> CompleteDeactivationAsync(GraphInstanceDocument instance, TaskCompletionSource done)
    {
        try
        {
            await _supervisor.StopRecorderAsync(instance.Name).ConfigureAwait(false);
            await _publisher.PublishAsync(new GraphInstanceDeactivated(instance.Name, _time.GetUtcNow()), _stopping).ConfigureAwait(false);
            var plan = await TryPlanAsync(instance, _stopping).ConfigureAwait(false);
            var left = plan is null ? 0 : await CacheFlush.WaitAsync(plan.Stream.CachePath, _options.DeactivationFlushTimeout, _time, _stopping).ConfigureAwait(false);
            if (left > 0)
            {
                LogFlushIncomplete(instance.Name, left, _options.DeactivationFlushTimeout);
            }

            await SetStateAsync(instance.Name, GraphInstanceState.Inactive).ConfigureAwait(false);
            var view = await ViewAsync(instance with { State = GraphInstanceState.Inactive }, _stopping).ConfigureAwait(false);
            if (left > 0 && view["properties"] is JsonObject properties)
            {
                properties["pendingUploads"] = left;
            }

            return ManagementResult.Ok(view);
        }
        finally
        {
            _transitions.TryRemove(KeyValuePair.Create(instance.Name, done.Task));
            done.TrySetResult();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task WaitForCameraAsync(string name)
    {
        var deadline = _time.GetUtcNow() + _options.ActivationWait;
        while (_time.GetUtcNow() < deadline && _supervisor.StatusOf(name) is { Connection: not RecorderStatus.Connected })
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, _stopping).ConfigureAwait(false);
        }
    }

    private async Task SetStateAsync(string name, GraphInstanceState state)
    {
        await _gate.WaitAsync(_stopping).ConfigureAwait(false);
        try
        {
            if (await _graphs.GetInstanceAsync(name, _stopping).ConfigureAwait(false) is { } current)
            {
                await _graphs.SaveInstanceAsync(current with { State = state }, _stopping).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The instance as an Activate answer; the caller holds the gate.</summary>
    private async Task<ManagementResult> ActivatedAsync(string name, CancellationToken cancellationToken) =>
        await _graphs.GetInstanceAsync(name, cancellationToken).ConfigureAwait(false) is { } instance
            ? ManagementResult.Ok(await ViewAsync(instance, cancellationToken).ConfigureAwait(false))
            : ManagementError.NotFound($"Graph instance '{name}' does not exist.");

    /// <summary>
    /// Asset names are unique per store (and lower case: Azure container names), so two instances that
    /// would record into one asset (Cam1 and cam1) would interleave two cameras in one timeline.
    /// </summary>
    private async Task<ManagementError?> AssetNameErrorAsync(string name, RecordingPlan plan, CancellationToken cancellationToken)
    {
        foreach (var other in await _graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (other.Name != name && await TryPlanAsync(other, cancellationToken).ConfigureAwait(false) is { } otherPlan
                && string.Equals(otherPlan.Stream.AssetName, plan.Stream.AssetName, StringComparison.Ordinal))
            {
                return ManagementError.Invalid("$.name", $"Graph instance '{name}' would record into asset '{plan.Stream.AssetName}', which graph instance '{other.Name}' records into already; asset names are unique (and lower case), so give it another name or assetNamePattern.");
            }
        }

        return null;
    }

    private async Task<ManagementError?> CachePathErrorAsync(string name, RecordingPlan plan, JsonObject topology, JsonObject instanceBody, CancellationToken cancellationToken)
    {
        var path = plan.Stream.CachePath;
        var (target, parameter) = CachePathSource(topology, instanceBody);
        foreach (var other in await _graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (other.Name != name && await TryPlanAsync(other, cancellationToken).ConfigureAwait(false) is { } otherPlan
                && CachePathCheck.Overlaps(otherPlan.Stream.CachePath, path))
            {
                var hint = parameter is null ? $" (set by topology '{plan.Stream.TopologyName}'; make it a parameter, e.g. '.../${{System.GraphInstanceName}}')" : string.Empty;
                return ManagementError.Invalid(target, $"localMediaCachePath '{path}' is shared with graph instance '{other.Name}' ('{otherPlan.Stream.CachePath}'); each instance needs a cache folder of its own{hint}.");
            }
        }

        // Only a folder no other instance claims is created to see whether it can be written.
        return CachePathCheck.Unusable(path, _planner.DataRoot) is { } reason ? ManagementError.Invalid(target, reason) : null;
    }

    private async Task<string?> ActiveCachePathUserAsync(string name, RecordingPlan plan, CancellationToken cancellationToken)
    {
        foreach (var other in await _graphs.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (other.Name != name && other.State != GraphInstanceState.Inactive
                && await TryPlanAsync(other, cancellationToken).ConfigureAwait(false) is { } otherPlan
                && CachePathCheck.Overlaps(otherPlan.Stream.CachePath, plan.Stream.CachePath))
            {
                return other.Name;
            }
        }

        return null;
    }

    /// <summary>Where an instance's cache path comes from: its own parameter value, or the topology's sink.</summary>
    private static (string Target, string? Parameter) CachePathSource(JsonObject topology, JsonObject instanceBody)
    {
        if (Json.Field(topology["properties"], "sinks") is JsonArray sinks)
        {
            for (var i = 0; i < sinks.Count; i++)
            {
                if (Json.Text(sinks[i]?[PropertyRules.CachePath]) is { } raw)
                {
                    foreach (var reference in ParameterText.References(raw, "$"))
                    {
                        if (InstanceParameters.PathOf(instanceBody, reference) is { } valuePath)
                        {
                            return (valuePath, reference);
                        }
                    }

                    return ($"$.properties.sinks[{i}].{PropertyRules.CachePath}", null);
                }
            }
        }

        return ("$.properties", null);
    }

    private async Task<RecordingPlan?> TryPlanAsync(GraphInstanceDocument instance, CancellationToken cancellationToken)
    {
        try
        {
            return await _planner.PlanAsync(instance, cancellationToken).ConfigureAwait(false);
        }
        catch (GraphValidationException)
        {
            return null;
        }
    }

    private async Task<JsonObject> ViewAsync(GraphInstanceDocument instance, CancellationToken cancellationToken)
    {
        var topology = (await _graphs.GetTopologyAsync(instance.TopologyName, cancellationToken).ConfigureAwait(false))?.Body;
        var view = SecretMasking.MaskInstance(instance.Body, topology);
        if (view["properties"] is JsonObject properties)
        {
            properties["state"] = instance.State.ToString();
            if (_supervisor.StatusOf(instance.Name) is { } status)
            {
                properties["recording"] = JsonSerializer.SerializeToNode(status, ContractJson.Options);
            }
        }

        return view;
    }

    /// <summary>A validation failure as a 400; an instance's own parameter is named when it supplied the value.</summary>
    private static ManagementError Invalid(GraphValidationException ex, JsonObject? instanceBody)
    {
        var target = ex.Field;
        if (instanceBody is not null && ex.Parameter is { } parameter && InstanceParameters.PathOf(instanceBody, parameter) is { } valuePath)
        {
            target = valuePath;
        }

        return ex.Code == "InvalidVersion"
            ? new ManagementError(400, "InvalidVersion", ex.Message, [new ManagementErrorDetail(ex.Code, target, ex.Message)])
            : ManagementError.Invalid(target, ex.Message, ex.Code);
    }

    private static ManagementError? NameError(string? name, string kind) =>
        GraphNames.IsValid(name) ? null : ManagementError.BadRequest("$.name", $"{kind} names: {GraphNames.Rule}");

    [LoggerMessage(Level = LogLevel.Error, Message = "Graph instance {Instance} could not start recording; it is Inactive")]
    private partial void LogActivationFailed(Exception exception, string instance);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph instance {Instance} is active; camera {Connection}")]
    private partial void LogActivated(string instance, string connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph instance {Instance} is inactive with {Pending} segment(s) not yet uploaded after {Timeout}; they upload when the asset store answers")]
    private partial void LogFlushIncomplete(string instance, int pending, TimeSpan timeout);
}
