using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cvr.Testing;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a server, noting the first line each client sends on each
/// connection (how a test sees which protocol a client spoke, e.g. RTSP or RTSP tunnelled over HTTP).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _firstLines = new();
    private readonly Task _accepting;

    public TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The first line of each connection, in the order connections sent it.</summary>
    public IReadOnlyCollection<string> FirstLines => [.. _firstLines];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            _ = RelayAsync(client, cancellationToken);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, cancellationToken);
                var fromClient = client.GetStream();
                var toServer = server.GetStream();
                var first = new byte[4096];
                var read = await fromClient.ReadAsync(first, cancellationToken);
                var text = Encoding.Latin1.GetString(first, 0, read);
                _firstLines.Enqueue(text.Split("\r\n")[0]);
                await toServer.WriteAsync(first.AsMemory(0, read), cancellationToken);
                await Task.WhenAny(fromClient.CopyToAsync(toServer, cancellationToken), toServer.CopyToAsync(fromClient, cancellationToken));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Either side went away: so does the relayed connection.
            }
        }
    }
}
