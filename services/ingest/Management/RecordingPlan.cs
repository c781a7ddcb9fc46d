using Cvr.Contracts.Events;

namespace Cvr.Ingest.Management;

/// <summary>
/// An active graph instance compiled into what the recorder needs. It holds the camera's
/// credentials, so it never leaves the ingest service and never prints them.
/// </summary>
public sealed record RecordingPlan(StreamDescriptor Stream, Uri RtspUrl, CameraCredentials? Credentials, bool VideoOnly, RecordingClock Clock, RtspTransport Transport = RtspTransport.Tcp)
{
    /// <summary>How the camera's certificate is checked when its URL is rtsps://; null for rtsp://.</summary>
    public CameraTls? Tls { get; init; }

    public override string ToString() => $"RecordingPlan {{ Stream = {Stream.StreamId}, RtspUrl = {RtspUrl.Scheme}://{RtspUrl.Host}:{RtspUrl.Port}{RtspUrl.AbsolutePath} }}";
}
