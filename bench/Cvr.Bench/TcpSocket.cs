using System.Globalization;
using System.Text.RegularExpressions;

namespace Cvr.Bench;

/// <summary>
/// A client connection to the camera with the kernel's count of bytes received on it (tcpi_bytes_received,
/// from <c>ss -ti</c>). /proc/PID/io's rchar does not count recv(2), which is how ffmpeg reads a TCP
/// socket, so this is where the bytes received from the camera are measured.
/// </summary>
internal sealed partial record TcpSocket(string Local, int? ProcessId, long BytesReceived)
{
    /// <summary>Established connections to 127.0.0.1:<paramref name="port"/>, with their owning process where ss can tell.</summary>
    public static async Task<IReadOnlyList<TcpSocket>> ToPortAsync(int port, CancellationToken cancellationToken)
    {
        var output = await Shell.OutputAsync(
            "ss", ["-H", "-t", "-i", "-n", "-p", "state", "established", "dst", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], cancellationToken).ConfigureAwait(false);
        return output.StartsWith('(')
            ? throw new InvalidOperationException($"ss (iproute2) is needed to count the bytes received: {output}")
            : Parse(output);
    }

    /// <summary>ss prints each socket as a line of addresses (and users:(…)) followed by a tab-indented line of tcp_info.</summary>
    public static IReadOnlyList<TcpSocket> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var sockets = new List<TcpSocket>();
        string? local = null;
        int? pid = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                // Recv-Q Send-Q Local Peer [users:(("ffmpeg",pid=123,fd=3))]
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                local = columns.Length >= 3 ? columns[2] : null;
                var owner = Owner().Match(line);
                pid = owner.Success ? int.Parse(owner.Groups[1].Value, CultureInfo.InvariantCulture) : null;
                continue;
            }

            var received = Received().Match(line);
            if (local is not null)
            {
                sockets.Add(new TcpSocket(local, pid, received.Success ? long.Parse(received.Groups[1].Value, CultureInfo.InvariantCulture) : 0));
                local = null;
            }
        }

        return sockets;
    }

    [GeneratedRegex(@"pid=(\d+)")]
    private static partial Regex Owner();

    [GeneratedRegex(@"\bbytes_received:(\d+)")]
    private static partial Regex Received();
}
