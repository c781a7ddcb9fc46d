using System.Globalization;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Cvr.ContractTests.Sidecar;

/// <summary>
/// What daprd does with the calls Cvr makes, as far as Cvr can observe it (dapr pkg/api/grpc): one
/// state store and one pub/sub component by name, state kept in memory with string ETags, and the
/// status codes daprd answers with. Every call is recorded as it arrived.
/// </summary>
public sealed class DaprdRuntime : DaprRuntimeApi
{
    private readonly Dictionary<string, StoredValue> _state = new(StringComparer.Ordinal);
    private readonly List<SidecarCall> _calls = [];
    private readonly Dictionary<string, ByteString> _writesAfterRead = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly string? _apiToken;
    private long _lastETag;
    private StatusCode? _failure;

    public DaprdRuntime(string stateStoreName, string pubSubName, string? apiToken)
    {
        StateStoreName = stateStoreName;
        PubSubName = pubSubName;
        _apiToken = apiToken;
    }

    /// <summary>
    /// Raised after a publish was accepted, as the broker would take it, with the call's traceparent; the
    /// double routes it to subscribers.
    /// </summary>
    public event Action<PublishEventRequest, string?>? Published;

    public string StateStoreName { get; }

    public string PubSubName { get; }

    public IReadOnlyList<SidecarCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>From now on every call fails with <paramref name="status"/>, as when daprd or its component is down.</summary>
    public void FailWith(StatusCode status)
    {
        lock (_lock)
        {
            _failure = status;
        }
    }

    public void Recover()
    {
        lock (_lock)
        {
            _failure = null;
        }
    }

    /// <summary>Puts a value in the store as another writer would; returns its ETag.</summary>
    public string Seed(string key, ReadOnlySpan<byte> json)
    {
        lock (_lock)
        {
            var etag = NextETag();
            _state[key] = new StoredValue(ByteString.CopyFrom(json), etag);
            return etag;
        }
    }

    /// <summary>
    /// Right after the next read of <paramref name="key"/> is answered, another writer stores
    /// <paramref name="json"/> under it: the reader's ETag is stale from then on.
    /// </summary>
    public void WriteAfterNextRead(string key, ReadOnlySpan<byte> json)
    {
        lock (_lock)
        {
            _writesAfterRead[key] = ByteString.CopyFrom(json);
        }
    }

    public (ByteString Value, string ETag)? Stored(string key)
    {
        lock (_lock)
        {
            return _state.TryGetValue(key, out var stored) ? (stored.Value, stored.ETag) : null;
        }
    }

    public override Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        Answer("PublishEvent", request, context, () =>
        {
            // daprd: an empty or unknown pubsub name, or an empty topic, is InvalidArgument.
            RequireComponent(request.PubsubName, PubSubName, "pubsub");
            if (string.IsNullOrEmpty(request.Topic))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "topic is empty in pubsub " + request.PubsubName));
            }
        });
        Published?.Invoke(request, context.RequestHeaders.GetValue("traceparent"));
        return Task.FromResult(new Empty());
    }

    public override Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new GetStateResponse();
        Answer("GetState", request, context, () =>
        {
            RequireComponent(request.StoreName, StateStoreName, "state store");

            // daprd answers a missing key with an empty response (no data, no ETag), not with an error.
            if (_state.TryGetValue(request.Key, out var stored))
            {
                response.Data = stored.Value;
                response.Etag = stored.ETag;
            }

            if (_writesAfterRead.Remove(request.Key, out var other))
            {
                _state[request.Key] = new StoredValue(other, NextETag());
            }
        });
        return Task.FromResult(response);
    }

    public override Task<GetBulkStateResponse> GetBulkState(GetBulkStateRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new GetBulkStateResponse();
        Answer("GetBulkState", request, context, () =>
        {
            RequireComponent(request.StoreName, StateStoreName, "state store");
            foreach (var key in request.Keys)
            {
                var item = new BulkStateItem { Key = key };
                if (_state.TryGetValue(key, out var stored))
                {
                    item.Data = stored.Value;
                    item.Etag = stored.ETag;
                }

                response.Items.Add(item);
            }
        });
        return Task.FromResult(response);
    }

    public override Task<Empty> SaveState(SaveStateRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        Answer("SaveState", request, context, () =>
        {
            RequireComponent(request.StoreName, StateStoreName, "state store");

            // All or nothing, as daprd's BulkSet: every ETag is checked before anything is written.
            foreach (var item in request.States)
            {
                CheckETag(item.Key, item.Etag);
            }

            foreach (var item in request.States)
            {
                _state[item.Key] = new StoredValue(item.Value, NextETag());
            }
        });
        return Task.FromResult(new Empty());
    }

    public override Task<Empty> DeleteState(DeleteStateRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        Answer("DeleteState", request, context, () =>
        {
            RequireComponent(request.StoreName, StateStoreName, "state store");
            if (request.Etag is not null && !string.IsNullOrEmpty(request.Etag.Value))
            {
                CheckETag(request.Key, request.Etag);
            }

            _state.Remove(request.Key);
        });
        return Task.FromResult(new Empty());
    }

    /// <summary>Checks the token and the failure switch, runs the operation, and records the call with its outcome.</summary>
    private void Answer(string method, IMessage request, ServerCallContext context, Action operation)
    {
        var token = context.RequestHeaders.GetValue("dapr-api-token");
        var traceParent = context.RequestHeaders.GetValue("traceparent");
        lock (_lock)
        {
            var status = StatusCode.OK;
            try
            {
                // daprd with DAPR_API_TOKEN set refuses any call without the matching header.
                if (_apiToken is not null && !string.Equals(token, _apiToken, StringComparison.Ordinal))
                {
                    throw new RpcException(new Status(StatusCode.Unauthenticated, "authentication error: api token mismatch"));
                }

                if (_failure is { } failure)
                {
                    throw new RpcException(new Status(failure, "the sidecar double was told to fail"));
                }

                operation();
            }
            catch (RpcException ex)
            {
                status = ex.StatusCode;
                throw;
            }
            finally
            {
                _calls.Add(new SidecarCall(method, request, token, status, traceParent));
            }
        }
    }

    /// <summary>
    /// daprd passes the ETag to the component and answers a mismatch (or an ETag for a key that does not
    /// exist) with gRPC Aborted; Dapr.Client turns Aborted into <c>false</c> from TrySaveStateAsync.
    /// No ETag at all is last-write-wins.
    /// </summary>
    private void CheckETag(string key, Etag? etag)
    {
        if (etag is null)
        {
            return;
        }

        if (!_state.TryGetValue(key, out var stored) || !string.Equals(stored.ETag, etag.Value, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"failed saving state in state store {StateStoreName}: possible etag mismatch. error from state store: ETag does not match for key {key}"));
        }
    }

    private static void RequireComponent(string requested, string configured, string kind)
    {
        if (string.IsNullOrEmpty(requested) || !string.Equals(requested, configured, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{kind} {requested} is not found"));
        }
    }

    private string NextETag() => (++_lastETag).ToString(CultureInfo.InvariantCulture);

    private sealed record StoredValue(ByteString Value, string ETag);
}
