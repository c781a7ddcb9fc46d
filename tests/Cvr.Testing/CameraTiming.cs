using System.Globalization;

namespace Cvr.Testing;

/// <summary>
/// The test camera paced by the wall clock (testcam --pace wallclock): frame n leaves at exactly
/// t0 + n / 25 s, t0 being a whole second plus <see cref="PhaseMs"/>, and every keyframe sent is logged.
/// Its timestamps may run fast or slow, or jump once.
/// </summary>
/// <param name="PhaseMs">Where keyframes fall after whole seconds: 500 keeps them well away from :00/:30.</param>
/// <param name="RatePpm">How fast the camera's clock (its RTP timestamps) runs, ppm.</param>
/// <param name="StepAt">When its timestamps jump, after the first frame.</param>
/// <param name="StepBy">By how much (positive: ahead).</param>
public sealed record CameraTiming(int PhaseMs = 500, double RatePpm = 0, TimeSpan? StepAt = null, TimeSpan StepBy = default)
{
    public IEnumerable<string> Arguments(string sendLog)
    {
        yield return "--pace";
        yield return "wallclock";
        yield return "--phase-ms";
        yield return PhaseMs.ToString(CultureInfo.InvariantCulture);
        yield return "--send-log";
        yield return sendLog;
        if (RatePpm != 0)
        {
            yield return "--rate-ppm";
            yield return RatePpm.ToString(CultureInfo.InvariantCulture);
        }

        if (StepAt is { } at)
        {
            yield return "--step-at";
            yield return at.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            yield return "--step-ms";
            yield return StepBy.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
