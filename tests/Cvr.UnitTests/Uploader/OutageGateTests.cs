using Cvr.Testing;
using Cvr.Uploader;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Uploader;

/// <summary>The gate the uploads wait at while the asset store is unreachable: one outage, begun once and ended once.</summary>
public sealed class OutageGateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly OutageGate _gate = new();

    [Fact]
    public async Task NewGate_IsOpenAndLetsUploadsThrough()
    {
        Assert.True(_gate.IsOpen);
        Assert.Null(_gate.ClosedSince);
        Assert.True(_gate.WaitOpenAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.Null(_gate.Open(_time.GetUtcNow()));

        using var cancel = new CancellationTokenSource();
        var closed = _gate.WaitClosedAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => closed);
    }

    [Fact]
    public void Close_ManyFailedUploads_OnlyTheFirstBeginsTheOutage()
    {
        var began = _time.GetUtcNow();

        var first = _gate.Close(began);
        _time.Advance(TimeSpan.FromSeconds(5));
        var second = _gate.Close(_time.GetUtcNow());

        Assert.Equal((true, false), (first, second));
        Assert.False(_gate.IsOpen);
        Assert.Equal(began, _gate.ClosedSince);
    }

    [Fact]
    public async Task WaitOpenAsync_WhileClosed_WaitsUntilAProbeOpensIt()
    {
        _gate.Close(_time.GetUtcNow());
        var waiting = _gate.WaitOpenAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        Assert.True(_gate.WaitClosedAsync(CancellationToken.None).IsCompletedSuccessfully);

        _time.Advance(TimeSpan.FromMinutes(3));
        var lasted = _gate.Open(_time.GetUtcNow());

        await waiting.WaitAsync(Eventually.Bound);
        Assert.Equal(TimeSpan.FromMinutes(3), lasted);
        Assert.True(_gate.IsOpen);
        Assert.Null(_gate.ClosedSince);
        Assert.Null(_gate.Open(_time.GetUtcNow()));
    }

    [Fact]
    public async Task WaitClosedAsync_WhileOpen_CompletesWhenTheNextOutageBegins()
    {
        _gate.Close(_time.GetUtcNow());
        _gate.Open(_time.GetUtcNow());
        var waiting = _gate.WaitClosedAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        Assert.True(_gate.Close(_time.GetUtcNow()));

        await waiting.WaitAsync(Eventually.Bound);
        Assert.False(_gate.WaitOpenAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task WaitOpenAsync_Cancelled_StopsWaitingAndLeavesTheGateClosed()
    {
        _gate.Close(_time.GetUtcNow());
        using var cancel = new CancellationTokenSource();
        var waiting = _gate.WaitOpenAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(_gate.IsOpen);
    }
}
