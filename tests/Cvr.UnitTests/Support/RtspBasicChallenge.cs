using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cvr.UnitTests.Support;

/// <summary>
/// An RTSP server on 127.0.0.1 that asks for Basic credentials and never accepts any: every request is
/// answered 401. Basic auth is base64 of exactly what the client holds, so the first Authorization that
/// comes back shows, byte for byte, the user name and password a real ffmpeg made of its input.
/// </summary>
public sealed class RtspBasicChallenge : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<string> _credentials = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _requestLines = new();
    private readonly Task _serving;

    public RtspBasicChallenge()
    {
        _listener.Start();
        _serving = ServeAsync(_stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>"user:password" from the first Basic Authorization header, decoded as UTF-8.</summary>
    public Task<string> Credentials => _credentials.Task;

    /// <summary>The first line of every request received, such as <c>OPTIONS rtsp://… RTSP/1.0</c>.</summary>
    public IReadOnlyCollection<string> RequestLines => [.. _requestLines];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            try
            {
                await AnswerAsync(client.GetStream(), cancellationToken);
            }
            catch (IOException)
            {
                // The client hung up: ffmpeg gives up after its credentials were refused.
            }
        }
    }

    private async Task AnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.Latin1, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } requestLine)
        {
            if (requestLine.Length == 0)
            {
                continue;
            }

            _requestLines.Enqueue(requestLine);
            var sequence = "0";
            while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } header)
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                var name = colon > 0 ? header[..colon].Trim() : header;
                var value = colon > 0 ? header[(colon + 1)..].Trim() : string.Empty;
                if (name.Equals("CSeq", StringComparison.OrdinalIgnoreCase))
                {
                    sequence = value;
                }
                else if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && value.StartsWith("Basic ", StringComparison.Ordinal))
                {
                    _credentials.TrySetResult(Encoding.UTF8.GetString(Convert.FromBase64String(value["Basic ".Length..])));
                }
            }

            var answer = $"RTSP/1.0 401 Unauthorized\r\nCSeq: {sequence}\r\nWWW-Authenticate: Basic realm=\"cvr\"\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), cancellationToken);
        }
    }
}
