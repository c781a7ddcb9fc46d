using System.Globalization;
using Cvr.Catalog.Clips;
using Cvr.Contracts.Events;
using Cvr.Media.Files;

namespace Cvr.Catalog.Playback;

/// <summary>
/// One small JPEG per segment, of its first keyframe (a segment starts with one), made on demand by
/// ffmpeg fed the segment's bytes on its stdin and kept in <c>{data}/thumbnails/{asset}/</c>. Kept ones
/// are deleted a week after they were made (looked at once an hour, when a new one is made).
/// </summary>
public sealed partial class SegmentThumbnails(string ffmpegPath, string folder, SegmentMediaSource media, TimeProvider time, ILogger<SegmentThumbnails> logger)
{
    /// <summary>The width of a thumbnail; its height keeps the picture's aspect.</summary>
    public const int Width = 320;

    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    // ffmpeg decodes a keyframe each: a few at once keep a hovering UI from queueing a CPU's worth.
    private readonly SemaphoreSlim _makers = new(2, 2);
    private DateTimeOffset _pruned = DateTimeOffset.MinValue;

    /// <summary>The thumbnail's file, made if need be; null when the segment's media is nowhere.</summary>
    public async Task<string?> GetAsync(SegmentDescriptor segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var path = Path.Combine(folder, Path.GetFileName(segment.AssetName), Path.GetFileName(segment.FileName) + ".jpg");
        if (File.Exists(path))
        {
            return path;
        }

        await _makers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(path))
            {
                return path; // made while this request waited
            }

            await using var bytes = await media.OpenAsync(segment, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return null;
            }

            DurableFile.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            var (exitCode, errors) = await FfmpegPipe.RunAsync(
                ffmpegPath, Arguments(temporary), (stdin, ct) => bytes.CopyToAsync(stdin, ct), line: null, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0 || !File.Exists(temporary) || new FileInfo(temporary).Length == 0)
            {
                File.Delete(temporary);
                LogFailed(segment.AssetName, segment.FileName, exitCode, errors);
                throw new InvalidDataException($"ffmpeg could not make a thumbnail of {segment.FileName} (exit code {exitCode}): {errors}");
            }

            File.Move(temporary, path, overwrite: true);
            Prune();
            return path;
        }
        finally
        {
            _makers.Release();
        }
    }

    /// <summary>ffmpeg's arguments: the first keyframe, scaled to <see cref="Width"/> wide, as a JPEG.</summary>
    public static IReadOnlyList<string> Arguments(string output) =>
    [
        "-hide_banner", "-nostats", "-v", "error", "-skip_frame", "nokey", "-i", "pipe:0",
        "-map", "0:v:0", "-frames:v", "1", "-vf", string.Create(CultureInfo.InvariantCulture, $"scale={Width}:-2"),
        "-c:v", "mjpeg", "-q:v", "5", "-f", "image2", "-update", "1", "-y", output,
    ];

    private void Prune()
    {
        var now = time.GetUtcNow();
        if (now - _pruned < PruneInterval || !Directory.Exists(folder))
        {
            return;
        }

        _pruned = now;
        foreach (var file in Directory.EnumerateFiles(folder, "*.jpg", SearchOption.AllDirectories))
        {
            if (now - File.GetLastWriteTimeUtc(file) > KeptFor)
            {
                File.Delete(file);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg could not make a thumbnail of {Asset}/{Segment} (exit code {ExitCode}): {Errors}")]
    private partial void LogFailed(string asset, string segment, int exitCode, string errors);
}
