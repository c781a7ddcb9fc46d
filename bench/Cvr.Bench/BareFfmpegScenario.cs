using System.Globalization;
using Cvr.Media.Cache;
using Cvr.Testing;

namespace Cvr.Bench;

/// <summary>
/// The baseline: one plain ffmpeg per camera into 30 s fragmented-MP4 segments, nothing else: stream copy,
/// plus what cvr must do too for the camera's stream (<see cref="BenchStream.BareOutput"/>: the hvc1 tag, an
/// audio transcode).
/// </summary>
internal sealed class BareFfmpegScenario : IScenario
{
    public const int SegmentSeconds = 30;

    private readonly IReadOnlyList<(ManagedProcess Process, string Folder)> _recorders;

    private BareFfmpegScenario(IReadOnlyList<(ManagedProcess Process, string Folder)> recorders)
    {
        _recorders = recorders;
        RootProcessIds = [.. recorders.Select(r => r.Process.Id)];
    }

    public string Name => "bare";

    public IReadOnlyCollection<int> RootProcessIds { get; }

    public string RootRole => "ffmpeg";

    /// <summary>The baseline command for one camera (the report prints it).</summary>
    public static IReadOnlyList<string> Arguments(string url, string folder, BenchStream stream) =>
    [
        "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning",
        "-rtsp_transport", "tcp", "-timeout", "5000000",
        "-i", url,
        .. stream.BareOutput,
        "-f", "segment",
        "-segment_time", SegmentSeconds.ToString(CultureInfo.InvariantCulture),
        "-segment_atclocktime", "1",
        "-segment_format", "mp4",
        "-segment_format_options", "movflags=+frag_keyframe+empty_moov+default_base_moof",
        "-segment_list", Path.Combine(folder, "list.csv"),
        "-segment_list_type", "csv",
        "-segment_list_flags", "live",
        Path.Combine(folder, SessionSegmentName.FfmpegPattern),
    ];

    public static BareFfmpegScenario Start(string folder, CameraServer camera, int count, BenchStream stream)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(stream);
        var recorders = new List<(ManagedProcess, string)>();
        for (var k = 0; k < count; k++)
        {
            var output = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"cam{k:D2}"));
            Directory.CreateDirectory(output);
            var process = ManagedProcess.Start(
                "ffmpeg",
                Arguments(camera.Url(k), output, stream),
                output + ".log",
                new Dictionary<string, string> { ["TZ"] = "UTC" }); // as cvr runs it: clock-time cuts on UTC multiples
            recorders.Add((process, output));
        }

        return new BareFfmpegScenario(recorders);
    }

    public Task WaitUntilRecordingAsync(ReadyWhen ready, TimeSpan timeout, CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            () => _recorders.All(r => File.Exists(Path.Combine(r.Folder, SessionSegmentName.Format(ready == ReadyWhen.FirstFile ? 0 : 1)))),
            () => _recorders.FirstOrDefault(r => r.Process.HasExited) is { Process: { } exited }
                ? $"ffmpeg {exited.Id} exited; see {exited.LogPath}"
                : null,
            timeout,
            $"all {_recorders.Count} bare ffmpegs have {(ready == ReadyWhen.FirstFile ? "created" : "closed")} their first segment",
            cancellationToken);

    public long VideoBytes() => _recorders.Sum(r => SegmentBytes.InFolder(r.Folder));

    public async ValueTask DisposeAsync()
    {
        // SIGTERM: each ffmpeg closes its segment; killed if it takes longer than the grace period.
        await Task.WhenAll(_recorders.Select(r => r.Process.StopAsync(TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
        foreach (var (process, _) in _recorders)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
