using System.Diagnostics;

namespace Cvr.Testing;

/// <summary>
/// The test camera's loop files in .cvr/test-media, made once per checkout by tools/testcam/make-loop.sh and
/// make-audio.sh (both do nothing when the file exists, and write it whole or not at all).
/// </summary>
public static class TestMedia
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string Folder => Path.Combine(RepositoryPaths.Root, ".cvr", "test-media");

    public static Task<string> VideoAsync(VideoLoop loop, CancellationToken cancellationToken = default) => loop switch
    {
        VideoLoop.H264 => MakeAsync("loop-720p25-gop50.h264", "make-loop.sh", ["10", "25", "50"], cancellationToken),
        VideoLoop.H265 => MakeAsync("loop-720p25-gop50.h265", "make-loop.sh", ["10", "25", "50"], cancellationToken),
        VideoLoop.H264At360p => MakeAsync("loop-360p25-gop50.h264", "make-loop.sh", ["10", "25", "50", "640x360", "600k"], cancellationToken),
        VideoLoop.Mjpeg => MakeAsync("loop-360p25.mjpeg", "make-loop.sh", ["4", "25", "25", "640x360", "2M"], cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(loop), loop, null),
    };

    public static Task<string> AudioAsync(CameraAudio audio, CancellationToken cancellationToken = default) => audio switch
    {
        CameraAudio.Aac => MakeAsync("tone-aac16k-8s.aac", "make-audio.sh", ["8", "16000"], cancellationToken),
        CameraAudio.Pcmu => MakeAsync("tone-pcmu8k-10s.ul", "make-audio.sh", ["10"], cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(audio), audio, null),
    };

    private static async Task<string> MakeAsync(string name, string script, string[] arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, name);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Folder);
                var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "tools", "testcam", script), path, .. arguments])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                };
                using var make = Process.Start(info)!;
                var output = make.StandardOutput.ReadToEndAsync(CancellationToken.None);
                var errors = make.StandardError.ReadToEndAsync(CancellationToken.None);
                try
                {
                    await make.WaitForExitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    make.Kill(entireProcessTree: true);
                    throw;
                }

                await output;
                if (make.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{script} failed: " + await errors);
                }
            }

            return path;
        }
        finally
        {
            Gate.Release();
        }
    }
}
