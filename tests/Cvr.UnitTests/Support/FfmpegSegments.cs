using System.Diagnostics;

using Cvr.Testing;

namespace Cvr.UnitTests.Support;

/// <summary>
/// Real segments made once by real ffmpeg, with the segment muxer options the ingest uses:
/// 6 s of 25 fps test video, a keyframe each second, cut every 3 s, prft on every fragment.
/// </summary>
public sealed class FfmpegSegments : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();

    public string First => _folder.File("seg-000000.mp4");

    public string Folder => _folder.Path;

    public async Task InitializeAsync()
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "6",
            "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
            "-f", "segment", "-segment_time", "3", "-reset_timestamps", "1", "-segment_format", "mp4",
            "-segment_format_options", "movflags=+frag_keyframe+empty_moov+default_base_moof+frag_discont:use_editlist=1:write_prft=wallclock",
            "-segment_list", _folder.File("segments.csv"), "-segment_list_type", "csv", _folder.File("seg-%06d.mp4"),
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "ffmpeg failed: " + errors);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
