using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Ingest.Recording;
using Cvr.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Recording;

/// <summary>The ingest's TLS relay against a real TLS server on 127.0.0.1: what it accepts, what it refuses and why.</summary>
public sealed class CameraTlsRelayTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TestCertificateAuthority _authority = TestCertificateAuthority.Create("Camera Vendor Root");
    private readonly TestCertificateAuthority _stranger = TestCertificateAuthority.Create("Someone Else's Root");

    public void Dispose()
    {
        _authority.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public async Task Relay_CertificateFromATrustedRoot_ForwardsBothWays()
    {
        using var leaf = _authority.Issue();
        await using var camera = EchoServer.Start(leaf);
        await using var relay = CameraTlsRelay.Start(Plan(camera.Port, new CameraTls([_authority.RootPem], false, false)), Timeout, TimeProvider.System, NullLogger.Instance);

        Assert.Equal("OPTIONS rtsp://127.0.0.1/cam0 RTSP/1.0\r\n", await ExchangeAsync(relay, "OPTIONS rtsp://127.0.0.1/cam0 RTSP/1.0\r\n"));
        Assert.Null(relay.Failure);
        Assert.Equal("rtsp", relay.Plan.RtspUrl.Scheme);
        Assert.Equal("/cam0", relay.Plan.RtspUrl.AbsolutePath);
        Assert.Null(relay.Plan.Tls);
    }

    [Fact]
    public async Task Relay_SelfSignedCertificateAmongTheTrusted_IsAccepted()
    {
        using var self = TestCertificateAuthority.SelfSigned();
        await using var camera = EchoServer.Start(self);
        await using var relay = CameraTlsRelay.Start(Plan(camera.Port, new CameraTls([self.ExportCertificatePem()], false, false)), Timeout, TimeProvider.System, NullLogger.Instance);

        Assert.Equal("hello", await ExchangeAsync(relay, "hello"));
    }

    [Theory]
    [InlineData(false, "untrusted root")]
    [InlineData(true, "untrusted root")]
    public async Task Relay_CertificateFromAnUnknownRoot_IsRejectedAndNothingIsForwarded(bool systemTrust, string why)
    {
        using var leaf = _authority.Issue();
        await using var camera = EchoServer.Start(leaf);
        var tls = systemTrust ? CameraTls.Strict : new CameraTls([_stranger.RootPem], false, false);
        await using var relay = CameraTlsRelay.Start(Plan(camera.Port, tls), Timeout, TimeProvider.System, NullLogger.Instance);

        Assert.Equal(string.Empty, await ExchangeAsync(relay, "OPTIONS"));
        Assert.Equal(DisconnectReason.TlsRejected, relay.Failure?.Reason);
        Assert.Contains(why, relay.Failure!.Detail, StringComparison.Ordinal);
        Assert.Contains("CN=Camera Vendor Root", relay.Failure.Detail, StringComparison.Ordinal);
        Assert.Empty(camera.Received);
    }

    [Theory]
    [InlineData(false, "name mismatch: the certificate is for camera.example, 10.0.0.5, not 127.0.0.1")]
    [InlineData(true, null)]
    public async Task Relay_CertificateForAnotherHost_IsRejectedUnlessIgnoreHostname(bool ignoreHostname, string? why)
    {
        using var leaf = _authority.Issue(["camera.example", "10.0.0.5"]);
        await using var camera = EchoServer.Start(leaf);
        await using var relay = CameraTlsRelay.Start(Plan(camera.Port, new CameraTls([_authority.RootPem], ignoreHostname, false)), Timeout, TimeProvider.System, NullLogger.Instance);

        var echoed = await ExchangeAsync(relay, "hello");

        Assert.Equal(why is null ? "hello" : string.Empty, echoed);
        Assert.Equal(why, relay.Failure?.Detail[(relay.Failure.Detail.IndexOf("name mismatch", StringComparison.Ordinal))..relay.Failure.Detail.IndexOf(" (", StringComparison.Ordinal)]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Relay_SelfSignedCertificateNobodyTrusts_IsAcceptedOnlyWithIgnoreSignature(bool ignoreSignature)
    {
        using var self = TestCertificateAuthority.SelfSigned();
        await using var camera = EchoServer.Start(self);
        await using var relay = CameraTlsRelay.Start(Plan(camera.Port, new CameraTls([], false, ignoreSignature)), Timeout, TimeProvider.System, NullLogger.Instance);

        var echoed = await ExchangeAsync(relay, "hello");

        Assert.Equal(ignoreSignature ? "hello" : string.Empty, echoed);
        Assert.Equal(ignoreSignature ? null : DisconnectReason.TlsRejected, relay.Failure?.Reason);
    }

    [Fact]
    public async Task Relay_CameraNotListening_IsUnreachableNotRejected()
    {
        await using var relay = CameraTlsRelay.Start(Plan(FreePort.Next(), CameraTls.Strict), Timeout, TimeProvider.System, NullLogger.Instance);

        Assert.Equal(string.Empty, await ExchangeAsync(relay, "hello"));
        Assert.Equal(DisconnectReason.CameraUnreachable, relay.Failure?.Reason);
    }

    [Fact]
    public void Check_ExpiredCertificate_IsRejectedNamingItsDatesUnlessIgnoreSignature()
    {
        using var leaf = _authority.Issue(notBefore: _authority.Root.NotBefore, notAfter: DateTimeOffset.UtcNow.AddDays(30));
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
        var later = new FakeTimeProvider(notAfter.AddDays(1));
        var before = new FakeTimeProvider(notAfter.AddDays(-1));

        var expired = new CameraCertificateCheck(new CameraTls([_authority.RootPem], false, false), "127.0.0.1", later).Problem(leaf, []);
        var valid = new CameraCertificateCheck(new CameraTls([_authority.RootPem], false, false), "127.0.0.1", before).Problem(leaf, []);
        var ignored = new CameraCertificateCheck(new CameraTls([_authority.RootPem], false, true), "127.0.0.1", later).Problem(leaf, []);

        Assert.StartsWith("expired or not yet valid", expired, StringComparison.Ordinal);
        Assert.Contains(notAfter.ToString("u", System.Globalization.CultureInfo.InvariantCulture), expired, StringComparison.Ordinal);
        Assert.Null(valid);
        Assert.Null(ignored);
    }

    [Theory]
    [InlineData("rtsps://127.0.0.1/cam0", "127.0.0.1")]
    [InlineData("rtsps://[::1]:8322/cam0", "::1")]
    [InlineData("rtsps://Camera.Example/cam0", "camera.example")]
    public void HostOf_Url_IsTheNameCertificatesCarry(string url, string host) =>
        Assert.Equal(host, CameraCertificateCheck.HostOf(new Uri(url)));

    private static RecordingPlan Plan(int port, CameraTls tls) =>
        new(new StreamDescriptor("camera", "Topology", "asset", 30, "/tmp/unused", 1L << 30), new Uri($"rtsps://127.0.0.1:{port}/cam0"), new CameraCredentials("user", "pass"), false, RecordingClock.Host) { Tls = tls };

    /// <summary>Connects as ffmpeg does, sends the text and reads until the relay closes or the text came back; empty when it closed at once.</summary>
    private static async Task<string> ExchangeAsync(CameraTlsRelay relay, string text)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, relay.Plan.RtspUrl.Port, cancel.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancel.Token);
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (received.Length < text.Length)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancel.Token);
            }
            catch (IOException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return received.ToString();
    }

    /// <summary>A TLS server on 127.0.0.1 that echoes what it receives on one connection: the camera's side.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly StringBuilder _received = new();
        private Task _serving = Task.CompletedTask;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string Received
        {
            get
            {
                lock (_received)
                {
                    return _received.ToString();
                }
            }
        }

        public static EchoServer Start(X509Certificate2 certificate)
        {
            var server = new EchoServer();
            server._listener.Start();
            server._serving = server.ServeAsync(certificate, server._stop.Token);
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
        }

        private async Task ServeAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using var tls = new SslStream(client.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
                return; // the relay refused the certificate
            }

            var buffer = new byte[1024];
            int read;
            while ((read = await tls.ReadAsync(buffer, cancellationToken)) > 0)
            {
                lock (_received)
                {
                    _received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await tls.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
    }
}
