namespace Cvr.Testing;

/// <summary>
/// The beeps of the test camera's audio (tools/testcam/make-audio.sh: 1 kHz, loud, during the first 100 ms of
/// every second of stream time, over a quiet 440 Hz tone) found in a recorded file: an A/V sync marker.
/// </summary>
public static class ToneBeeps
{
    private const int Rate = 8000;
    private const short Loud = (short)(0.3 * short.MaxValue);

    /// <summary>When each beep begins, in seconds of the file's timeline: its first loud sample after half a second of quiet.</summary>
    public static async Task<IReadOnlyList<double>> OnsetsAsync(string mediaFile, CancellationToken cancellationToken = default)
    {
        var audio = (await RtspProbe.PacketsAsync(mediaFile, cancellationToken: cancellationToken)).Stream("audio");
        var pcm = mediaFile + ".s16";
        var (code, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-nostdin", "-i", mediaFile, "-map", "0:a:0", "-ac", "1", "-ar", $"{Rate}", "-f", "s16le", "-y", pcm], cancellationToken: cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not decode the audio of {mediaFile}: {errors}");
        }

        var bytes = await File.ReadAllBytesAsync(pcm, cancellationToken);
        var onsets = new List<double>();
        var lastLoud = -Rate;
        for (var i = 0; i + 1 < bytes.Length; i += 2)
        {
            var sample = (int)BitConverter.ToInt16(bytes, i);
            if (Math.Abs(sample) < Loud)
            {
                continue;
            }

            var index = i / 2;
            if (index - lastLoud > Rate / 2)
            {
                onsets.Add(audio.StartTime + ((double)index / Rate));
            }

            lastLoud = index;
        }

        return onsets;
    }
}
