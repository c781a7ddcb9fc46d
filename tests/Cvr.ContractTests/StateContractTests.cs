using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.ContractTests.Hosting;
using Cvr.ContractTests.Sidecar;
using Cvr.Platform.State;
using Dapr;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace Cvr.ContractTests;

/// <summary>
/// What Cvr's state store sends daprd and how it reads daprd's answers: GetState / SaveState /
/// DeleteState on component "statestore", keys exactly as the service names them (daprd prefixes them
/// with the app id), values as contract JSON, ETags passed back for conditional writes, an ETag
/// mismatch answered with Aborted, and an outage that is never mistaken for "absent" or "conflict".
/// </summary>
public class StateContractTests
{
    private static readonly StreamDescriptor Stream = new("front-door", "CVRToAMSAsset", "cvr-front-door", 30, "/var/media/front-door", 2L << 30);

    [Fact]
    public async Task StateStore_UnderDapr_IsDaprStateStore()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);

        Assert.IsType<DaprStateStore>(platform.Stores.ForApp("uploader"));
    }

    [Fact]
    public async Task DaprStateStore_SaveThenGet_ReturnsValueWithDaprdETag()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);
        var store = platform.Stores.ForApp("uploader");

        await store.SaveAsync("stream:front-door", Stream, CancellationToken.None);
        var entry = await store.GetAsync<StreamDescriptor>("stream:front-door", CancellationToken.None);

        Assert.Equal(Stream, entry?.Value);
        Assert.Equal(sidecar.StoredETag("stream:front-door"), entry?.ETag);
        var get = (GetStateRequest)Assert.Single(sidecar.CallsTo("GetState")).Request;
        Assert.Equal("statestore", get.StoreName);
        Assert.Equal(StateOptions.Types.StateConsistency.ConsistencyStrong, get.Consistency);
    }

    [Fact]
    public async Task DaprStateStore_Save_SendsUnprefixedKeyAndContractJson()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);

        await platform.Stores.ForApp("uploader").SaveAsync("stream:front-door", Stream, CancellationToken.None);

        var save = (SaveStateRequest)Assert.Single(sidecar.CallsTo("SaveState")).Request;
        Assert.Equal("statestore", save.StoreName);
        var item = Assert.Single(save.States);
        Assert.Equal("stream:front-door", item.Key);
        Assert.Null(item.Etag);
        var value = JsonNode.Parse(item.Value.ToStringUtf8())!;
        Assert.Equal("front-door", value["streamId"]!.GetValue<string>());
        Assert.Equal("/var/media/front-door", value["cachePath"]!.GetValue<string>());
        Assert.Equal(2L << 30, value["cacheMaximumSizeBytes"]!.GetValue<long>());
    }

    [Fact]
    public async Task DaprStateStore_TrySaveWithCurrentETag_WritesConditionallyAndSucceeds()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);
        var store = platform.Stores.ForApp("ingest");
        await store.SaveAsync("index:instances", new List<string> { "a" }, CancellationToken.None);
        var entry = await store.GetAsync<List<string>>("index:instances", CancellationToken.None);

        var saved = await store.TrySaveAsync("index:instances", new List<string> { "a", "b" }, entry!.ETag, CancellationToken.None);

        Assert.True(saved);
        var item = ((SaveStateRequest)sidecar.CallsTo("SaveState").Last().Request).States.Single();
        Assert.Equal(entry.ETag, item.Etag?.Value);
        Assert.Equal(StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite, item.Options?.Concurrency);
        Assert.Equal(["a", "b"], (await store.GetAsync<List<string>>("index:instances", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task DaprStateStore_TrySaveWithStaleETag_ReturnsFalseOnAbortedAndKeepsNewerValue()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);
        var store = platform.Stores.ForApp("ingest");
        await store.SaveAsync("index:instances", new List<string> { "a" }, CancellationToken.None);
        var stale = (await store.GetAsync<List<string>>("index:instances", CancellationToken.None))!.ETag;
        Assert.True(await store.TrySaveAsync("index:instances", new List<string> { "a", "b" }, stale, CancellationToken.None));

        var saved = await store.TrySaveAsync("index:instances", new List<string> { "a", "c" }, stale, CancellationToken.None);

        Assert.False(saved);
        Assert.Equal(StatusCode.Aborted, sidecar.CallsTo("SaveState").Last().Status);
        Assert.Equal(["a", "b"], (await store.GetAsync<List<string>>("index:instances", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task DaprStateStore_GetMissingKey_ReturnsNull()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);

        var entry = await platform.Stores.ForApp("uploader").GetAsync<StreamDescriptor>("stream:never-seen", CancellationToken.None);

        Assert.Null(entry);
    }

    [Fact]
    public async Task DaprStateStore_GetMissingValueTypeKey_ReturnsNull()
    {
        // daprd answers a missing key with empty data and an empty ETag. A value type must read as
        // absent too, as it does in the single-process store, not as default(T).
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);

        var entry = await platform.Stores.ForApp("uploader").GetAsync<DateTimeOffset>("last-probe:front-door", CancellationToken.None);

        Assert.Null(entry);
    }

    [Fact]
    public async Task DaprStateStore_Delete_RemovesUnprefixedKey()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);
        var store = platform.Stores.ForApp("ingest");
        await store.SaveAsync("topology:cvr", new List<string> { "x" }, CancellationToken.None);

        await store.DeleteAsync("topology:cvr", CancellationToken.None);

        var delete = (DeleteStateRequest)Assert.Single(sidecar.CallsTo("DeleteState")).Request;
        Assert.Equal(("statestore", "topology:cvr"), (delete.StoreName, delete.Key));
        Assert.Null(sidecar.StoredJson("topology:cvr"));
        Assert.Null(await store.GetAsync<List<string>>("topology:cvr", CancellationToken.None));
    }

    [Fact]
    public async Task DaprStateStore_SidecarUnavailable_GetThrowsInsteadOfReportingAbsent()
    {
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);
        sidecar.FailWith(StatusCode.Unavailable);

        var thrown = await Assert.ThrowsAsync<DaprException>(() => platform.Stores.ForApp("uploader").GetAsync<StreamDescriptor>("stream:front-door", CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, Assert.IsType<RpcException>(thrown.InnerException).StatusCode);
    }

    [Fact]
    public async Task DaprStateStore_SidecarUnavailable_TrySaveThrowsInsteadOfReportingConflict()
    {
        // Only Aborted means "another writer came first"; an outage must not be retried as a conflict.
        await using var sidecar = await DaprdSidecarDouble.StartAsync();
        await using var platform = CvrPlatform.For(sidecar);
        var store = platform.Stores.ForApp("ingest");
        await store.SaveAsync("index:instances", new List<string> { "a" }, CancellationToken.None);
        var etag = (await store.GetAsync<List<string>>("index:instances", CancellationToken.None))!.ETag;
        sidecar.FailWith(StatusCode.Unavailable);

        var thrown = await Assert.ThrowsAsync<DaprException>(() => store.TrySaveAsync("index:instances", new List<string> { "a", "b" }, etag, CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, Assert.IsType<RpcException>(thrown.InnerException).StatusCode);
    }
}
