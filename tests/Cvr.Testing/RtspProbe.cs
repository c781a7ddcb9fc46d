using System.Globalization;
using System.Text.Json.Nodes;

namespace Cvr.Testing;

/// <summary>ffprobe on a camera's RTSP stream (over TCP, for a given stream time) or on a recorded file.</summary>
public static class RtspProbe
{
    /// <summary>The streams, and every packet read within <paramref name="duration"/> (a file: all of them).</summary>
    public static async Task<ProbedMedia> PacketsAsync(string input, TimeSpan? duration = null, CancellationToken cancellationToken = default)
    {
        var json = await RunAsync(input, duration, ["-show_entries", "stream=index,codec_type,codec_name,codec_tag_string,width,height,sample_rate,channels,time_base,start_time:packet=stream_index,pts,flags"], cancellationToken);
        var streams = json["streams"]!.AsArray().Select(s => new ProbedStream(
            s!["index"]!.GetValue<int>(),
            s["codec_type"]!.GetValue<string>(),
            s["codec_name"]!.GetValue<string>(),
            s["width"]?.GetValue<int>() ?? 0,
            s["height"]?.GetValue<int>() ?? 0,
            int.Parse(s["sample_rate"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture),
            s["channels"]?.GetValue<int>() ?? 0,
            int.Parse(s["time_base"]!.GetValue<string>().Split('/')[1], CultureInfo.InvariantCulture),
            double.Parse(s["start_time"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture),
            s["codec_tag_string"]?.GetValue<string>() ?? string.Empty)).ToList();
        var packets = (json["packets"]?.AsArray() ?? []).Select(p => new ProbedPacket(
            p!["stream_index"]!.GetValue<int>(),
            p["pts"]?.GetValue<long>(),
            p["flags"]!.GetValue<string>().Contains('K', StringComparison.Ordinal))).ToList();
        return new ProbedMedia(streams, packets);
    }

    /// <summary>Every video frame decoded within <paramref name="duration"/>.</summary>
    public static async Task<IReadOnlyList<ProbedFrame>> VideoFramesAsync(string input, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var json = await RunAsync(input, duration, ["-select_streams", "v:0", "-show_entries", "frame=pts,width,height,key_frame"], cancellationToken);
        return [.. (json["frames"]?.AsArray() ?? []).Select(f => new ProbedFrame(
            f!["pts"]?.GetValue<long>(),
            f["width"]!.GetValue<int>(),
            f["height"]!.GetValue<int>(),
            f["key_frame"]!.GetValue<int>() == 1))];
    }

    private static async Task<JsonNode> RunAsync(string input, TimeSpan? duration, IEnumerable<string> entries, CancellationToken cancellationToken)
    {
        List<string> arguments = ["-v", "error"];
        if (input.StartsWith("rtsp://", StringComparison.Ordinal))
        {
            arguments.AddRange(["-rtsp_transport", "tcp", "-timeout", "5000000"]);
        }

        if (duration is { } length)
        {
            arguments.AddRange(["-read_intervals", "%+" + length.TotalSeconds.ToString(CultureInfo.InvariantCulture)]);
        }

        var (code, output, errors) = await Ffprobe.RunAsync("ffprobe", [.. arguments, .. entries, "-of", "json", input], cancellationToken: cancellationToken);
        return code == 0 && JsonNode.Parse(output) is { } json
            ? json
            : throw new InvalidOperationException($"ffprobe failed ({code}) on {input}: {errors}");
    }
}
