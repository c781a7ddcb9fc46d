using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Ingest.Recording;
using Cvr.UnitTests.Uploads;

namespace Cvr.UnitTests.Management;

/// <summary>
/// Activation and deactivation with the real recording supervisor: its ffmpeg is missing, so the camera
/// never answers and recording keeps retrying, as with a camera that is down.
/// </summary>
public sealed class InstanceLifecycleTests : IAsyncLifetime
{
    private readonly ManagementLab _lab = new();

    public Task InitializeAsync() => _lab.SetAsync(null, "cam");

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    [Fact]
    public async Task Activate_SilentCamera_ActiveAfterTheActivationWaitStillRecording()
    {
        var started = _lab.Time.GetUtcNow();

        var result = await _lab.RunAsync(_lab.Lifecycle.ActivateAsync("cam", CancellationToken.None));

        Assert.Equal(200, result.Status);
        Assert.Equal("Active", result.Payload!["properties"]!["state"]!.GetValue<string>());
        Assert.NotEqual(RecorderStatus.Connected, result.Payload["properties"]!["recording"]!["connection"]!.GetValue<string>());
        Assert.True(_lab.Time.GetUtcNow() - started >= _lab.Settings.ActivationWait);
        Assert.Equal(GraphInstanceState.Active, await _lab.StateOfAsync("cam"));
        Assert.Equal("cam", Assert.Single(_lab.Publisher.Of<GraphInstanceActivated>()).Stream.StreamId);
        Assert.NotNull(_lab.Recorders.StatusOf("cam"));
    }

    [Fact]
    public async Task Activate_WhileActivating_JoinsThatActivation()
    {
        var first = _lab.Lifecycle.ActivateAsync("cam", CancellationToken.None);
        await _lab.WaitForStateAsync("cam", GraphInstanceState.Activating);

        var second = _lab.Lifecycle.ActivateAsync("cam", CancellationToken.None);
        var results = await _lab.RunAsync(Task.WhenAll(first, second));

        Assert.All(results, r => Assert.Equal("Active", r.Payload!["properties"]!["state"]!.GetValue<string>()));
        Assert.Single(_lab.Publisher.Of<GraphInstanceActivated>());
    }

    [Fact]
    public async Task Activate_Active_AnswersAtOnce()
    {
        await _lab.RunAsync(_lab.Lifecycle.ActivateAsync("cam", CancellationToken.None));

        var again = await _lab.Lifecycle.ActivateAsync("cam", CancellationToken.None);

        Assert.Equal(200, again.Status);
        Assert.Single(_lab.Publisher.Of<GraphInstanceActivated>());
    }

    [Fact]
    public async Task Activate_CallerHangsUp_TheActivationEndsAnyway()
    {
        using var hangUp = new CancellationTokenSource();
        var activation = _lab.Lifecycle.ActivateAsync("cam", hangUp.Token);
        await _lab.WaitForStateAsync("cam", GraphInstanceState.Activating);

        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => activation);
        await _lab.RunAsync(WaitForStateAsync(GraphInstanceState.Active));

        Assert.NotNull(_lab.Recorders.StatusOf("cam"));
    }

    [Fact]
    public async Task Deactivate_WhileActivating_409()
    {
        var activation = _lab.Lifecycle.ActivateAsync("cam", CancellationToken.None);
        await _lab.WaitForStateAsync("cam", GraphInstanceState.Activating);

        var result = await _lab.Lifecycle.DeactivateAsync("cam", CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal("OperationNotAllowedInState", Assert.Single(result.Error!.Details).Code);
        await _lab.RunAsync(activation);
    }

    [Fact]
    public async Task Activate_CacheFolderOfAnInstanceThatIsNotInactive_409()
    {
        await _lab.Topologies.SetAsync("fixed", ManagementLab.Topology("shared"), CancellationToken.None);
        var body = ManagementLab.Instance("other");
        body["properties"]!["topologyName"] = "fixed";
        await _lab.Instances.SetAsync("other", body, CancellationToken.None);
        // Now the instance's own folder moves onto the other's: the topology changed after both were set.
        await _lab.Graphs.SaveTopologyAsync(new GraphTopologyDocument(ManagementLab.TopologyName, ManagementLab.Topology("shared")), CancellationToken.None);
        await _lab.StoreStateAsync("other", GraphInstanceState.Active);

        var result = await _lab.Lifecycle.ActivateAsync("cam", CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Contains("'other'", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(GraphInstanceState.Inactive, await _lab.StateOfAsync("cam"));
        Assert.Empty(_lab.Publisher.Of<GraphInstanceActivated>());
    }

    [Fact]
    public async Task Activate_CacheFolderThatCannotBeCreated_409AndInactive()
    {
        var folder = Path.Combine(_lab.CacheRoot, "cam");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        await File.WriteAllTextAsync(folder, "a file where the cache folder belongs");

        var result = await _lab.RunAsync(_lab.Lifecycle.ActivateAsync("cam", CancellationToken.None));

        Assert.Equal(409, result.Status);
        Assert.Equal("ResourceValidationError", Assert.Single(result.Error!.Details).Code);
        Assert.Equal(GraphInstanceState.Inactive, await _lab.StateOfAsync("cam"));
        Assert.Null(_lab.Recorders.StatusOf("cam"));
    }

    [Fact]
    public async Task Activate_Unknown_404()
    {
        var result = await _lab.Lifecycle.ActivateAsync("nobody", CancellationToken.None);

        Assert.Equal(404, result.Status);
    }

    [Fact]
    public async Task Deactivate_Inactive_AnswersAtOnceWithoutEvents()
    {
        var result = await _lab.Lifecycle.DeactivateAsync("cam", CancellationToken.None);

        Assert.Equal(200, result.Status);
        Assert.Equal("Inactive", result.Payload!["properties"]!["state"]!.GetValue<string>());
        Assert.Empty(_lab.Publisher.Published);
    }

    [Fact]
    public async Task Deactivate_Active_StopsRecordingAndAnnouncesIt()
    {
        await _lab.RunAsync(_lab.Lifecycle.ActivateAsync("cam", CancellationToken.None));

        var result = await _lab.RunAsync(_lab.Lifecycle.DeactivateAsync("cam", CancellationToken.None));

        Assert.Equal(200, result.Status);
        Assert.Equal("Inactive", result.Payload!["properties"]!["state"]!.GetValue<string>());
        Assert.Null(_lab.Recorders.StatusOf("cam"));
        Assert.Equal(GraphInstanceState.Inactive, await _lab.StateOfAsync("cam"));
        Assert.Equal("cam", Assert.Single(_lab.Publisher.Of<GraphInstanceDeactivated>()).StreamId);
    }

    [Fact]
    public async Task Activate_WhileDeactivating_409()
    {
        await _lab.StoreStateAsync("cam", GraphInstanceState.Deactivating);

        var result = await _lab.Lifecycle.ActivateAsync("cam", CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal("OperationNotAllowedInState", Assert.Single(result.Error!.Details).Code);
    }

    [Fact]
    public async Task Deactivate_SegmentNotYetUploaded_DeactivatingUntilItsUploadIsHeard()
    {
        _lab.Settings.DeactivationFlushTimeout = TimeSpan.FromMinutes(1);
        await _lab.StoreStateAsync("cam", GraphInstanceState.Active);
        var segment = UploadLedgerTests.Segment(0, stream: "cam");
        await _lab.Uploads.SealedAsync(segment, CancellationToken.None);

        var first = _lab.Lifecycle.DeactivateAsync("cam", CancellationToken.None);
        await _lab.WaitForStateAsync("cam", GraphInstanceState.Deactivating);
        var second = _lab.Lifecycle.DeactivateAsync("cam", CancellationToken.None);
        var activation = await _lab.Lifecycle.ActivateAsync("cam", CancellationToken.None);
        _lab.Time.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        Assert.False(first.IsCompleted);
        await _lab.Uploads.SettledAsync(segment, CancellationToken.None);
        var results = await _lab.RunAsync(Task.WhenAll(first, second));

        Assert.Equal(409, activation.Status);
        Assert.Equal(2, results.Length);
        Assert.All(results, r => Assert.Equal("Inactive", r.Payload!["properties"]!["state"]!.GetValue<string>()));
        Assert.Null(results[0].Payload!["properties"]!["pendingUploads"]);
        Assert.True(_lab.Time.GetUtcNow() - new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero) < _lab.Settings.DeactivationFlushTimeout);
        Assert.Single(_lab.Publisher.Of<GraphInstanceDeactivated>());
    }

    [Fact]
    public async Task Deactivate_StoreNeverAnswers_InactiveAfterTheTimeoutSayingWhatIsLeft()
    {
        _lab.Settings.DeactivationFlushTimeout = TimeSpan.FromMinutes(1);
        await _lab.StoreStateAsync("cam", GraphInstanceState.Active);
        await _lab.Uploads.SealedAsync(UploadLedgerTests.Segment(0, stream: "cam"), CancellationToken.None);
        await _lab.Uploads.SealedAsync(UploadLedgerTests.Segment(1, stream: "cam"), CancellationToken.None);

        var result = await _lab.RunAsync(_lab.Lifecycle.DeactivateAsync("cam", CancellationToken.None));

        Assert.Equal(2, result.Payload!["properties"]!["pendingUploads"]!.GetValue<int>());
        Assert.Equal(GraphInstanceState.Inactive, await _lab.StateOfAsync("cam"));
        Assert.True(_lab.Time.GetUtcNow() - new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero) >= _lab.Settings.DeactivationFlushTimeout);
    }

    private async Task<bool> WaitForStateAsync(GraphInstanceState state)
    {
        while (await _lab.StateOfAsync("cam") != state)
        {
            await Task.Delay(5);
        }

        return true;
    }
}
