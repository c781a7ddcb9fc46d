using System.Diagnostics;
using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Ingest.Recording;
using Cvr.Media.Cache;
using Cvr.Testing;
using Cvr.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cvr.UnitTests.Recording;

/// <summary>The camera's URL and credentials as ffmpeg reads them from its stdin, checked against a real ffmpeg.</summary>
public sealed class CameraInputScriptTests : IDisposable
{
    private const string Session = "20261201T120000000Z";
    private static readonly TimeSpan RtspTimeout = TimeSpan.FromSeconds(5);
    private static readonly MediaSelection H264 = new(new CameraTrack("video", "h264"), null, AudioHandling.None);
    private readonly TemporaryFolder _folder = new();

    public static TheoryData<string> Passwords => new()
    {
        "it's",
        @"back\slash",
        "two words",
        "#hash",
        "100%",
        "%41%",
        "at@host",
        "co:lon",
        "Grüße-密码",
        @"all 'of\ #%@: them",
    };

    [Theory]
    [MemberData(nameof(Passwords))]
    [InlineData("new\nline")]
    [InlineData("nul\0byte")]
    public void For_AnyPassword_IsOneDirectivePerLineOfPrintableAscii(string password)
    {
        var script = CameraInputScript.For(Plan(new Uri("rtsp://127.0.0.1:8554/cam0"), password), RtspTimeout);

        Assert.Equal(
            ["ffconcat version 1.0", "file", "option rtsp_transport tcp", "option timeout 5000000", string.Empty],
            script.Split('\n').Select(line => line.StartsWith("file ", StringComparison.Ordinal) ? "file" : line));
        Assert.All(script.Replace("\n", string.Empty, StringComparison.Ordinal), c => Assert.InRange(c, ' ', '~'));
    }

    [Theory]
    [MemberData(nameof(Passwords))]
    public async Task For_AnyPassword_RealFfmpegSendsItExactly(string password)
    {
        await using var camera = new RtspBasicChallenge();
        var plan = Plan(new Uri($"rtsp://127.0.0.1:{camera.Port}/cam'0"), password);
        var arguments = FfmpegArguments.For(plan, H264, new CacheLayout(_folder.Path), Session, TimeSpan.FromSeconds(0.1));

        var exitCode = await RunFfmpegAsync(arguments, CameraInputScript.For(plan, RtspTimeout));

        Assert.Equal("viewer:" + password, await camera.Credentials.WaitAsync(TimeSpan.Zero));
        Assert.Contains($"OPTIONS rtsp://127.0.0.1:{camera.Port}/cam'0 RTSP/1.0", camera.RequestLines);
        Assert.Equal(1, exitCode);
        Assert.All(arguments, argument => Assert.DoesNotContain("viewer", argument, StringComparison.Ordinal));
    }

    [Fact]
    public async Task For_HttpTransport_RealFfmpegTunnelsRtspThroughHttp()
    {
        await using var camera = new RtspBasicChallenge();
        var plan = Plan(new Uri($"rtsp://127.0.0.1:{camera.Port}/cam0"), "secret") with { Transport = RtspTransport.Http };
        var arguments = FfmpegArguments.For(plan, H264, new CacheLayout(_folder.Path), Session, TimeSpan.FromSeconds(0.1));
        var script = CameraInputScript.For(plan, RtspTimeout);

        await RunFfmpegAsync(arguments, script);

        Assert.Contains("option rtsp_transport http\n", script, StringComparison.Ordinal);
        Assert.StartsWith("GET /cam0 HTTP/1.", camera.RequestLines.First(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CameraProbe_RealFfprobeReadsTheScript_SendsThePasswordAndNamesTheRefusal()
    {
        await using var camera = new RtspBasicChallenge();
        var plan = Plan(new Uri($"rtsp://127.0.0.1:{camera.Port}/cam0"), "probe's secret");

        var result = await CameraProbe.RunAsync(
            "ffprobe", CameraInputScript.For(plan, RtspTimeout), TimeSpan.FromMinutes(1), new CredentialRedactor("probe's secret"), NullLogger.Instance, "cam", TimeProvider.System, CancellationToken.None);

        Assert.Equal("viewer:probe's secret", await camera.Credentials.WaitAsync(TimeSpan.Zero));
        Assert.Null(result.Media);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(DisconnectReason.CredentialsRefused, DisconnectClassifier.Classify(result.Errors, connected: false));
        Assert.All(CameraProbe.Arguments, argument => Assert.DoesNotContain("viewer", argument, StringComparison.Ordinal));
    }

    [Fact]
    public void Quote_SingleQuote_IsClosedEscapedAndReopened()
    {
        Assert.Equal(@"'it'\''s'", CameraInputScript.Quote("it's"));
        Assert.Equal(@"'a\b #'", CameraInputScript.Quote(@"a\b #"));
    }

    [Fact]
    public void InputUrl_WithoutCredentials_IsTheCamerasUrl()
    {
        var url = new Uri("rtsp://admin:secret@camera.local:554/Streaming/Channels/101?transport=tcp");
        var plan = Plan(url, password: null);

        Assert.Equal(url.AbsoluteUri, CameraInputScript.InputUrl(plan));
    }

    [Fact]
    public void InputUrl_WithCredentials_PercentEncodesThem()
    {
        var plan = Plan(new Uri("rtsp://camera.local/cam"), "p@ss: word'");

        Assert.Equal("rtsp://viewer:p%40ss%3A%20word%27@camera.local/cam", CameraInputScript.InputUrl(plan));
    }

    public void Dispose() => _folder.Dispose();

    private RecordingPlan Plan(Uri url, string? password)
    {
        var stream = new StreamDescriptor("camera", "Topology", "asset", 30, _folder.Path, 1L << 30);
        var credentials = password is null ? null : new CameraCredentials("viewer", password);
        return new RecordingPlan(stream, url, credentials, true, RecordingClock.Host);
    }

    private static async Task<int> RunFfmpegAsync(IReadOnlyList<string> arguments, string input)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var bound = new CancellationTokenSource(Eventually.Bound);
        await process.WaitForExitAsync(bound.Token);
        await Task.WhenAll(output, errors);
        return process.ExitCode;
    }
}
