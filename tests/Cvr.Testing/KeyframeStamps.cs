using System.Globalization;

namespace Cvr.Testing;

/// <summary>
/// What Cvr says about when the camera sent each keyframe of a recorded segment, against when it did:
/// each keyframe is decoded and identified by the MD5 of its picture among the loop's keyframes, its
/// UTC is the segment's start plus its place in the segment's media (scaled to the segment's UTC
/// duration), and the camera's send log says when that keyframe really left.
/// </summary>
public static class KeyframeStamps
{
    /// <summary>One keyframe: when Cvr says it was sent, and the error against the camera's log.</summary>
    public sealed record Stamp(string Segment, int LoopIndex, DateTimeOffset Stamped, DateTimeOffset Sent)
    {
        public TimeSpan Error => Stamped - Sent;
    }

    /// <summary>Picture MD5 of each keyframe of the loop file, to its position in the loop.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> LoopFingerprintsAsync(string loopFile, int gop)
    {
        var keyframes = await DecodeKeyframesAsync(loopFile);
        return keyframes.Select((k, i) => (k.Md5, Index: i * gop)).ToDictionary(k => k.Md5, k => k.Index, StringComparer.Ordinal);
    }

    public static async Task<IReadOnlyList<Stamp>> OfSegmentAsync(
        string path, DateTimeOffset start, DateTimeOffset end, IReadOnlyDictionary<string, int> loop, CameraSends sends)
    {
        var keyframes = await DecodeKeyframesAsync(path);
        var media = await Ffprobe.DurationAsync(path);
        var scale = media > TimeSpan.Zero ? (end - start) / media : 1.0;
        var stamps = new List<Stamp>();
        foreach (var (time, md5) in keyframes)
        {
            var loopIndex = loop.TryGetValue(md5, out var index) ? index : throw new InvalidOperationException($"{path}: a keyframe at {time} is none of the loop's");
            var stamped = start + ((time - keyframes[0].Time) * scale);
            var sent = sends.SentNear(loopIndex, stamped) ?? throw new InvalidOperationException($"{path}: the camera never logged sending loop keyframe {loopIndex}");
            stamps.Add(new Stamp(Path.GetFileName(path), loopIndex, stamped, sent));
        }

        return stamps;
    }

    /// <summary>Decodes only the keyframes (ffmpeg -skip_frame nokey) and lists each one's time and picture MD5.</summary>
    private static async Task<IReadOnlyList<(TimeSpan Time, string Md5)>> DecodeKeyframesAsync(string path)
    {
        var (code, output, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-skip_frame", "nokey", "-i", path, "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "framemd5", "-"]);
        if (code != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not decode {path}: {errors}");
        }

        double seconds = 0;
        var frames = new List<(TimeSpan, string)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("#tb 0:", StringComparison.Ordinal))
            {
                var fraction = line[6..].Trim().Split('/');
                seconds = double.Parse(fraction[0], CultureInfo.InvariantCulture) / double.Parse(fraction[1], CultureInfo.InvariantCulture);
            }
            else if (!line.StartsWith('#'))
            {
                var fields = line.Split(',', StringSplitOptions.TrimEntries);
                frames.Add((TimeSpan.FromSeconds(long.Parse(fields[2], CultureInfo.InvariantCulture) * seconds), fields[5]));
            }
        }

        return frames;
    }
}
