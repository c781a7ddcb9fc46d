using Cvr.Testing;

namespace Cvr.Bench;

/// <summary>
/// How right cvr's recorded times were in a scenario: every keyframe of every recorded segment,
/// identified by its picture against the loop, stamped by cvr against when the paced camera logged
/// sending it (<see cref="KeyframeStamps"/>); and how late the camera itself sent, for context.
/// </summary>
internal sealed record ClockAccuracy(int Segments, int Keyframes, double ErrorP50Ms, double ErrorP99Ms, double ErrorMaxMs, double SignedP50Ms, double CameraLateP50Ms, double CameraLateMaxMs)
{
    /// <param name="recordings">Per camera: its cache folder and its mount's name (cam0…).</param>
    public static async Task<ClockAccuracy> MeasureAsync(IReadOnlyList<(string CachePath, string Mount)> recordings, string sendLog, string loopFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        var loop = await KeyframeStamps.LoopFingerprintsAsync(loopFile, gop: 50).WaitAsync(cancellationToken).ConfigureAwait(false);
        var errors = new List<double>();
        var lateness = new List<double>();
        var segments = 0;
        foreach (var (cachePath, mount) in recordings)
        {
            var sends = CameraSends.Read(sendLog, mount);
            lateness.AddRange(sends.Lateness.Select(l => l.TotalMilliseconds));
            foreach (var segment in SegmentFiles.InCache(cachePath))
            {
                var stamps = await KeyframeStamps.OfSegmentAsync(segment.Path, segment.Start, segment.End, loop, sends).WaitAsync(cancellationToken).ConfigureAwait(false);
                errors.AddRange(stamps.Select(s => s.Error.TotalMilliseconds));
                segments++;
            }
        }

        var absolute = errors.Select(Math.Abs).Order().ToList();
        return new ClockAccuracy(
            segments,
            errors.Count,
            Quantile(absolute, 0.5),
            Quantile(absolute, 0.99),
            absolute.Count == 0 ? double.NaN : absolute[^1],
            Quantile([.. errors.Order()], 0.5),
            Quantile([.. lateness.Order()], 0.5),
            lateness.Count == 0 ? double.NaN : lateness.Max());
    }

    private static double Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
}
