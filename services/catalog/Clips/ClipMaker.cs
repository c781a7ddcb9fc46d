using System.Globalization;
using Cvr.Contracts.Events;

namespace Cvr.Catalog.Clips;

/// <summary>
/// Makes a clip with ffmpeg: stream copy of the feed (<see cref="ClipFeed"/>, written to ffmpeg's stdin)
/// from the keyframe before the clip's start, which ffmpeg's mov muxer trims to the start with an edit
/// list, for the clip's duration, into a temporary file that <c>+faststart</c> rewrites with its moov
/// first. Nothing secret is in ffmpeg's argv: the media comes through its stdin, the output is a local file.
/// </summary>
/// <param name="ffmpegPath">The ffmpeg executable (Catalog:FfmpegPath, else ffmpeg on the PATH).</param>
/// <param name="folder">Where clips are made before they are sent, and deleted after (Catalog:ClipFolder).</param>
public sealed partial class ClipMaker(string ffmpegPath, string folder, ILogger<ClipMaker> logger)
{
    private const string ProgressKey = "out_time_us=";

    /// <summary>Makes the clip and returns its file, which the caller deletes (it is opened with DeleteOnClose).</summary>
    /// <param name="open">Opens a segment's bytes (<see cref="Playback.SegmentMediaSource.OpenAsync"/>).</param>
    public async Task<FileStream> MakeAsync(string asset, ClipPlan plan, Func<SegmentDescriptor, CancellationToken, Task<Stream?>> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"clip-{Guid.NewGuid():N}.mp4");
        try
        {
            await MakeIntoAsync(asset, plan, open, path, progress: null, cancellationToken).ConfigureAwait(false);
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Makes the clip into <paramref name="path"/>, telling <paramref name="progress"/> the share of its duration written (0 to 1) as ffmpeg goes.</summary>
    public async Task MakeIntoAsync(
        string asset, ClipPlan plan, Func<SegmentDescriptor, CancellationToken, Task<Stream?>> open, string path, Action<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (exitCode, errors) = await FfmpegPipe.RunAsync(
            ffmpegPath,
            Arguments(asset, plan, path),
            (stdin, ct) => ClipFeed.WriteAsync(plan, open, stdin, ct),
            line => ReportProgress(line, plan.Duration, progress),
            cancellationToken).ConfigureAwait(false);
        // ffmpeg 5.1 can say an error and exit 0 with a clip of no tracks (a demuxer that reads nothing): at
        // -v error any word from it means the clip is not what was asked for.
        if (exitCode != 0 || errors.Length > 0)
        {
            LogFfmpegFailed(asset, exitCode, errors);
            throw new InvalidOperationException($"ffmpeg could not make the clip of {asset} (exit code {exitCode}): {errors}");
        }
    }

    /// <summary>Reads one of ffmpeg's <c>-progress</c> lines (<c>out_time_us=…</c>, the time written so far) as a share of the clip's duration.</summary>
    private static void ReportProgress(string line, TimeSpan duration, Action<double>? progress)
    {
        if (progress is not null && line.StartsWith(ProgressKey, StringComparison.Ordinal)
            && long.TryParse(line.AsSpan(ProgressKey.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var microseconds))
        {
            progress(Math.Clamp(microseconds / 1e6 / duration.TotalSeconds, 0, 1));
        }
    }

    /// <summary>
    /// ffmpeg's arguments: every time of the feed moved back by the clip's start (-itsoffset; with
    /// -seek_timestamp it is not measured from the feed's first packet), so that what comes before the
    /// start is negative and the mov muxer writes the edit list that begins presentation at the start;
    /// -t for the duration. Not -ss: ffmpeg 5.1 seeking in the mov demuxer on a pipe goes back to bytes
    /// the pipe no longer has ("partial file").
    /// </summary>
    public static IReadOnlyList<string> Arguments(string asset, ClipPlan plan, string output)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var seek = plan.Seek + Media.Mp4.FragmentTimeShifter.RunLead;
        var comment = $"cvr asset={asset} start={ClipPlan.Iso(plan.Start)} duration={Seconds(plan.Duration)}"
            + (plan.Gaps.Count == 0 ? string.Empty : " gaps=" + string.Join(',', plan.Gaps.Select(g => $"{ClipPlan.Iso(g.Start)}/{ClipPlan.Iso(g.End)}")));
        return
        [
            "-hide_banner", "-nostats", "-v", "error", "-progress", "pipe:1",
            "-seek_timestamp", "1", "-itsoffset", "-" + Seconds(seek), "-i", "pipe:0",
            "-t", Seconds(plan.Duration), "-map", "0:v:0", "-map", "0:a?", "-c", "copy",
            "-movflags", "+faststart", "-map_metadata", "-1",
            "-metadata", $"creation_time={ClipPlan.Iso(plan.Start)}",
            "-metadata", $"comment={comment}",
            "-f", "mp4", "-y", output,
        ];
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0######", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error, Message = "ffmpeg could not make a clip of {Asset} (exit code {ExitCode}): {Errors}")]
    private partial void LogFfmpegFailed(string asset, int exitCode, string errors);
}
