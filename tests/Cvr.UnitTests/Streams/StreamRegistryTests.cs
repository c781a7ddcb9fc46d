using Cvr.Contracts.Events;
using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Cvr.Platform.Streams;
using Cvr.Testing;

namespace Cvr.UnitTests.Streams;

/// <summary>A stream's lifecycle in a service's registry, over real embedded SQLite state.</summary>
public sealed class StreamRegistryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly StreamDescriptor Camera = new("camera", "Topology", "asset", 30, "/cache/camera", 1L << 30);
    private readonly TemporaryFolder _folder = new();
    private readonly TestStreams _streams;

    public StreamRegistryTests()
    {
        var database = new SqliteDatabase(_folder.File("state.db"));
        SqliteStateStore.CreateSchemaAsync(database, CancellationToken.None).GetAwaiter().GetResult();
        _streams = new TestStreams(new SqliteStateStoreFactory(database));
    }

    [Fact]
    public async Task ForgetDrainedAsync_ActiveStream_IsKept()
    {
        await _streams.RegisterAsync(Camera, T0, CancellationToken.None);

        Assert.Empty(await _streams.ForgetDrainedAsync(CancellationToken.None));
        Assert.Equal([Camera], await _streams.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ForgetDrainedAsync_DeactivatedStreamWithWorkLeft_IsKeptUntilTheWorkIsDone()
    {
        await _streams.RegisterAsync(Camera, T0, CancellationToken.None);
        await _streams.RetireAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);
        _streams.WorkLeft = true;

        Assert.Empty(await _streams.ForgetDrainedAsync(CancellationToken.None));

        _streams.WorkLeft = false;
        Assert.Equal([Camera.StreamId], await _streams.ForgetDrainedAsync(CancellationToken.None));
        Assert.Empty(await _streams.ListAsync(CancellationToken.None));
        Assert.Null(await _streams.GetAsync(Camera.StreamId, CancellationToken.None));
    }

    [Fact]
    public async Task RetireAsync_DeactivationHeardAfterANewerActivation_LeavesTheStreamActive()
    {
        await _streams.RegisterAsync(Camera, T0.AddMinutes(2), CancellationToken.None);

        await _streams.RetireAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);

        Assert.Empty(await _streams.ForgetDrainedAsync(CancellationToken.None));
        Assert.Single(await _streams.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RegisterAsync_ActivationHeardAfterANewerDeactivation_IsForgottenOnceDrained()
    {
        await _streams.RetireAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);

        await _streams.RegisterAsync(Camera, T0, CancellationToken.None);

        Assert.Single(await _streams.ListAsync(CancellationToken.None)); // its cache is still looked after
        Assert.Equal([Camera.StreamId], await _streams.ForgetDrainedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RegisterAsync_OldActivationRedeliveredAfterTheStreamWasForgotten_DoesNotBringItBack()
    {
        await _streams.RegisterAsync(Camera, T0, CancellationToken.None);
        await _streams.RetireAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);
        await _streams.ForgetDrainedAsync(CancellationToken.None);

        await _streams.RegisterAsync(Camera, T0, CancellationToken.None);

        Assert.Equal([Camera.StreamId], await _streams.ForgetDrainedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RegisterAsync_ReactivatedAfterBeingForgotten_IsLookedAfterAgain()
    {
        await _streams.RegisterAsync(Camera, T0, CancellationToken.None);
        await _streams.RetireAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);
        await _streams.ForgetDrainedAsync(CancellationToken.None);

        await _streams.RegisterAsync(Camera, T0.AddMinutes(2), CancellationToken.None);

        Assert.Empty(await _streams.ForgetDrainedAsync(CancellationToken.None));
        Assert.Equal([Camera], await _streams.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ForgetDrainedAsync_OneOfTwoDeactivated_ForgetsOnlyThatOne()
    {
        var yard = Camera with { StreamId = "yard", AssetName = "yard", CachePath = "/cache/yard" };
        await _streams.RegisterAsync(Camera, T0, CancellationToken.None);
        await _streams.RegisterAsync(yard, T0, CancellationToken.None);

        await _streams.RetireAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal([Camera.StreamId], await _streams.ForgetDrainedAsync(CancellationToken.None));
        Assert.Equal([yard], await _streams.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ForgetDrainedAsync_ReactivatedWhileBeingForgotten_IsLookedAfter()
    {
        await _streams.RegisterAsync(Camera, T0, CancellationToken.None);
        await _streams.RetireAsync(Camera.StreamId, T0.AddMinutes(1), CancellationToken.None);
        Task? reactivation = null;
        _streams.Checking = () => reactivation = _streams.RegisterAsync(Camera, T0.AddMinutes(2), CancellationToken.None);

        await _streams.ForgetDrainedAsync(CancellationToken.None);
        await reactivation!;

        _streams.Checking = null;
        Assert.Equal([Camera], await _streams.ListAsync(CancellationToken.None));
        Assert.Empty(await _streams.ForgetDrainedAsync(CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();

    private sealed class TestStreams(IStateStoreFactory stores) : StreamRegistry(stores, "test")
    {
        public bool WorkLeft { get; set; }

        /// <summary>Runs while the registry judges whether a stream is drained: for what happens meanwhile.</summary>
        public Action? Checking { get; set; }

        protected override bool HasWorkLeft(StreamDescriptor stream)
        {
            Checking?.Invoke();
            return WorkLeft;
        }
    }
}
