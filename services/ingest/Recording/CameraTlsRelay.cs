using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Cvr.Contracts.Events;
using Cvr.Ingest.Management;

namespace Cvr.Ingest.Recording;

/// <summary>
/// TLS to an RTSPS camera, terminated by the ingest for one session, because ffmpeg 5.1 neither verifies an
/// rtsps:// camera nor lets its RTSP input be given a CA file (tools/testcam/README.md). It listens on
/// 127.0.0.1 on a free port, accepts one connection (ffmpeg's; then it stops listening), opens TLS to the
/// camera, checks its certificate (<see cref="CameraCertificateCheck"/>) and only then forwards bytes both
/// ways. ffmpeg reads plain RTSP from it (<see cref="Plan"/>) with RTP interleaved on that one connection,
/// and authenticates through it: Basic and Digest see the request URI as ffmpeg sends it.
/// </summary>
public sealed partial class CameraTlsRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly RecordingPlan _plan;
    private readonly CameraTls _tls;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Task _relaying = Task.CompletedTask;
    private CameraTlsFailure? _failure;

    private CameraTlsRelay(RecordingPlan plan, CameraTls tls, TimeSpan connectTimeout, TimeProvider time, ILogger logger)
    {
        _plan = plan;
        _tls = tls;
        _connectTimeout = connectTimeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>The plan as ffmpeg reads it: the camera's path on the relay, plain RTSP, the same credentials.</summary>
    public RecordingPlan Plan => _plan with
    {
        RtspUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"rtsp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{_plan.RtspUrl.PathAndQuery}")),
        Tls = null,
    };

    /// <summary>Why the camera could not be reached through the relay, once that is known; null while all is well.</summary>
    public CameraTlsFailure? Failure => Volatile.Read(ref _failure);

    /// <summary>Listens now; the camera is dialled when ffmpeg connects.</summary>
    /// <param name="connectTimeout">How long connecting and the TLS handshake may take (the RTSP timeout).</param>
    public static CameraTlsRelay Start(RecordingPlan plan, TimeSpan connectTimeout, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var relay = new CameraTlsRelay(plan, plan.Tls ?? throw new ArgumentException("The plan is not for an rtsps:// camera.", nameof(plan)), connectTimeout, time, logger);
        relay._listener.Start(1);
        relay._relaying = relay.RelayAsync(relay._stop.Token);
        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _relaying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RelayAsync(CancellationToken stopping)
    {
        try
        {
            using var ffmpeg = await _listener.AcceptTcpClientAsync(stopping).ConfigureAwait(false);
            _listener.Stop();
            using var camera = new TcpClient();
            var tls = await ConnectAsync(camera, stopping).ConfigureAwait(false);
            if (tls is null)
            {
                return;
            }

            // Either side ending ends both: closing the other stops its copy, which is then awaited (its error observed).
            var local = ffmpeg.GetStream();
            Task[] copies = [local.CopyToAsync(tls, stopping), tls.CopyToAsync(local, stopping)];
            await Task.WhenAny(copies).ConfigureAwait(false);
            await tls.DisposeAsync().ConfigureAwait(false);
            ffmpeg.Close();
            await Task.WhenAll(copies).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The session is over (stopped, or a side closed): nothing to report beyond what ffmpeg says.
        }
    }

    /// <summary>The checked TLS stream to the camera, or null with <see cref="Failure"/> set.</summary>
    private async Task<SslStream?> ConnectAsync(TcpClient camera, CancellationToken stopping)
    {
        var url = _plan.RtspUrl;
        var host = CameraCertificateCheck.HostOf(url);
        var port = url.Port > 0 ? url.Port : CameraTls.DefaultPort;
        var check = new CameraCertificateCheck(_tls, host, _time);
        string? problem = null;
        using var deadline = new CancellationTokenSource(_connectTimeout, _time);
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(stopping, deadline.Token);
        SslStream? tls = null;
        try
        {
            await camera.ConnectAsync(host, port, connecting.Token).ConfigureAwait(false);
            tls = new SslStream(camera.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                    {
                        problem = check.Problem(certificate as X509Certificate2, chain?.ChainPolicy.ExtraStore ?? []);
                        return problem is null;
                    },
                },
                connecting.Token).ConfigureAwait(false);
            return tls;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or OperationCanceledException)
        {
            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }

            if (stopping.IsCancellationRequested)
            {
                return null;
            }

            Fail(problem is not null
                ? new CameraTlsFailure(DisconnectReason.TlsRejected, $"{url.Scheme}://{url.Authority}: the camera's TLS certificate was rejected: {problem}")
                : ex is OperationCanceledException
                    ? new CameraTlsFailure(DisconnectReason.CameraTimeout, $"{url.Scheme}://{url.Authority}: no TLS connection within {_connectTimeout.TotalSeconds:0.#} s")
                    : new CameraTlsFailure(DisconnectReason.CameraUnreachable, $"{url.Scheme}://{url.Authority}: {ex.Message}"));
            return null;
        }
    }

    private void Fail(CameraTlsFailure failure)
    {
        Volatile.Write(ref _failure, failure);
        if (failure.Reason == DisconnectReason.TlsRejected)
        {
            LogRejected(_plan.Stream.StreamId, failure.Detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {StreamId}: {Detail}; nothing is recorded until the certificate or the topology's TLS endpoint changes")]
    private partial void LogRejected(string streamId, string detail);
}
