using System.Text.Json.Nodes;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// An RTSPS camera behind Digest auth, recorded through LVA's TLS endpoint: with its root among the trusted
/// certificates it records; trusting another root, nothing is recorded (ffmpeg alone would have recorded it
/// unverified), the instance's status names the TLS rejection and the next attempt is far away.
/// </summary>
public sealed class RtspsTests : IAsyncLifetime
{
    private const string User = "viewer";
    private const string Password = "Rtsps 'camera' secret";
    private readonly TemporaryFolder _folder = new();
    private readonly TestCertificateAuthority _vendor = TestCertificateAuthority.Create("Camera Vendor Root");
    private readonly TestCertificateAuthority _stranger = TestCertificateAuthority.Create("Someone Else's Root");
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    public async Task InitializeAsync()
    {
        using var leaf = _vendor.Issue();
        _camera = await TestCamera.StartAsync(_folder.Path, auth: "digest", user: User, password: Password, tls: TlsServerFiles.Write(leaf, _folder.Path));
        _host = await CvrHostProcess.StartAsync(_folder.Path);
    }

    [Fact]
    public async Task Recording_RtspsCameraWithDigestTrustingItsRoot_RecordsSegments()
    {
        var cache = new CacheWatch(Path.Combine(_folder.Path, "cache-trusted"));

        await _host.RecordAsync("trusted", _camera.Url, cache.CachePath, User, Password, endpoint: Tls(_vendor.RootPem));
        await Eventually.WaitAsync(() => Task.FromResult(cache.LiveFragments >= 2), Eventually.Bound, "media arrives over RTSPS and is written in fragments");
        var status = await _host.RecordingStatusAsync("trusted");
        await _host.DeactivateAsync("trusted");
        await Eventually.WaitAsync(() => Task.FromResult(cache.SealedCount + cache.UploadedCount >= 1), Eventually.Bound, "the recorded segment is sealed");

        Assert.StartsWith("rtsps://", _camera.Url, StringComparison.Ordinal);
        Assert.Equal("Connected", status?["connection"]?.GetValue<string>());
    }

    [Fact]
    public async Task Recording_RtspsCameraTrustingAnotherRoot_RecordsNothingNamesTheRejectionAndRetriesSlowly()
    {
        var cache = new CacheWatch(Path.Combine(_folder.Path, "cache-untrusted"));

        await _host.RecordAsync("untrusted", _camera.Url, cache.CachePath, User, Password, endpoint: Tls(_stranger.RootPem));
        var status = await Eventually.WaitAsync(
            async () => await _host.RecordingStatusAsync("untrusted") is { } s && s["lastDisconnectReason"]?.GetValue<string>() == "TlsRejected" ? s : null,
            Eventually.Bound,
            "the camera's certificate is rejected");
        var detail = status["lastDisconnectDetail"]!.GetValue<string>();
        var nextAttempt = status["nextAttemptAt"]!.GetValue<DateTimeOffset>();
        var warned = _host.Process.Lines.Any(l => l.Contains("the camera's TLS certificate was rejected: untrusted root", StringComparison.Ordinal));
        await _host.Process.WaitForLineAsync(l => l.Contains("Recording untrusted: reconnecting in", StringComparison.Ordinal), Eventually.Bound); // logged just after the status is set
        var attempts = _host.Process.Lines.Count(l => l.Contains("Recording untrusted: reconnecting in", StringComparison.Ordinal));

        Assert.Contains("untrusted root", detail, StringComparison.Ordinal);
        Assert.Contains("CN=Camera Vendor Root", detail, StringComparison.Ordinal);
        Assert.True(nextAttempt - DateTimeOffset.UtcNow > TimeSpan.FromSeconds(30), $"the next attempt is far away, not a tight loop: {nextAttempt:O}");
        Assert.True(warned, "a warning names why the certificate was rejected");
        Assert.Equal(1, attempts);
        Assert.Equal(0, cache.LiveFragments + cache.SealedCount + cache.UploadedCount);
        Assert.DoesNotContain(cache.SessionFolders, f => Directory.GetFiles(f, "seg-*.mp4").Length > 0);
    }

    /// <summary>The endpoint as LVA's TLS endpoint, trusting the given root only.</summary>
    private static Action<JsonObject> Tls(string rootPem) => endpoint =>
    {
        endpoint["@type"] = "#Microsoft.Media.MediaGraphTlsEndpoint";
        endpoint["trustedCertificates"] = new JsonObject
        {
            ["@type"] = "#Microsoft.Media.MediaGraphPemCertificateList",
            ["certificates"] = new JsonArray(rootPem),
        };
        endpoint["validationOptions"] = new JsonObject { ["ignoreHostname"] = "false", ["ignoreSignature"] = "false" };
    };

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _vendor.Dispose();
        _stranger.Dispose();
        _folder.Dispose();
    }
}
