using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// LVA's RTSP source transports, in any letter case: Http tunnels RTSP through HTTP (what a relay in front
/// of the camera sees: a GET and a POST, never a bare RTSP request), Tcp speaks RTSP; both record.
/// </summary>
public sealed class RtspTransportTests : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    public async Task InitializeAsync()
    {
        _camera = await TestCamera.StartAsync(_folder.Path);
        _host = await CvrHostProcess.StartAsync(_folder.Path);
    }

    [Theory]
    [InlineData("Http")]
    [InlineData("http")]
    public async Task Recording_OverHttp_TunnelsEveryConnectionAndSealsSegments(string transport)
    {
        var lines = await RecordThroughRelayAsync(transport);

        Assert.All(lines, line => Assert.True(line.StartsWith("GET ", StringComparison.Ordinal) || line.StartsWith("POST ", StringComparison.Ordinal), line));
        Assert.Contains(lines, line => line.StartsWith("GET ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("POST ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recording_OverTcpInAnyCase_SpeaksRtspAndSealsSegments()
    {
        var lines = await RecordThroughRelayAsync("TCP");

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith("OPTIONS rtsp://", line, StringComparison.Ordinal));
    }

    private async Task<IReadOnlyCollection<string>> RecordThroughRelayAsync(string transport)
    {
        await using var relay = new TcpRelay(_camera.Port);
        var cache = new CacheWatch(Path.Combine(_folder.Path, "cache"));

        await _host.RecordAsync("door", $"rtsp://127.0.0.1:{relay.Port}/cam0", cache.CachePath, transport: transport);
        await Eventually.WaitAsync(() => Task.FromResult(cache.SealedCount + cache.UploadedCount >= 1), Eventually.Bound, $"a segment recorded over {transport} is sealed");
        return relay.FirstLines;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }
}
