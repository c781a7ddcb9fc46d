namespace Cvr.Bench;

/// <summary>Both scenarios at one camera count, against the same camera process, and how right cvr's times were.</summary>
internal sealed record CameraCountResult(int Cameras, ScenarioResult Bare, ScenarioResult Cvr, ClockAccuracy? Clock)
{
    /// <summary>CPU per camera of the whole cvr pipeline over that of bare ffmpeg.</summary>
    public double CpuRatio => Cvr.CpuPercentPerCamera / Bare.CpuPercentPerCamera;
}
