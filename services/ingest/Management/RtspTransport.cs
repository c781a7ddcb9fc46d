namespace Cvr.Ingest.Management;

/// <summary>How RTSP reaches the camera: LVA's <c>transport</c> of an RTSP source.</summary>
public enum RtspTransport
{
    /// <summary>RTSP with RTP interleaved on its TCP connection (LVA's default).</summary>
    Tcp,

    /// <summary>RTSP and RTP tunnelled through HTTP (a GET and a POST connection), for networks that pass only HTTP.</summary>
    Http,
}
