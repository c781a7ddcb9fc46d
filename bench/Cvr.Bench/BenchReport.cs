namespace Cvr.Bench;

/// <summary>A whole run: where, how, and what was measured.</summary>
internal sealed record BenchReport(
    DateTimeOffset Started,
    DateTimeOffset Finished,
    string Command,
    BenchStream Stream,
    MachineInfo Machine,
    TimeSpan Window,
    TimeSpan WarmUp,
    ReadyWhen Ready,
    double BytesPerSecondPerCamera,
    IReadOnlyList<string> BareCommand,
    IReadOnlyList<CameraCountResult> Results)
{
    /// <summary>Design targets from the issue.</summary>
    public const double MaximumCpuRatio = 1.3;

    public const double MaximumWrittenPerReceived = 1.1;

    /// <summary>Recorded time against when the camera sent each frame (issue: time you can testify with).</summary>
    public const double MaximumClockErrorP50Ms = 100;

    public const double MaximumClockErrorMs = 200;
}
