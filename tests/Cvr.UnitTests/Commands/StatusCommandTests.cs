using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cvr.Host.Commands;

namespace Cvr.UnitTests.Commands;

/// <summary>
/// <c>cvr status</c>: the table from the ingest's instances and the uploader's caches, and the exit code a
/// cron job acts on, against a loopback server that answers as Cvr does.
/// </summary>
public class StatusCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Caches = """
        {"value":[
          {"streamId":"gate","assetName":"a-gate","outageHeadroomSeconds":7200,"uploadLagSeconds":null},
          {"streamId":"yard","assetName":"a-yard","outageHeadroomSeconds":600,"uploadLagSeconds":4000}
        ]}
        """;

    [Fact]
    public void Table_HealthyAndUnhealthyCameras_ShowsWhyAndTheLastError()
    {
        var cameras = CameraHealth.From(Instances(("gate", "Connected", Now.AddHours(-2), 0.998), ("yard", "Reconnecting", Now.AddMinutes(-6), 0.9)), JsonNode.Parse(Caches));

        var lines = StatusCommand.Table(cameras, Now);

        // Columns are two or more spaces apart.
        Assert.Equal(
            [
                "CAMERA|STATE|RECORDED 1H|UPLOAD LAG|HEADROOM|HEALTH|LAST ERROR",
                "gate|Connected|99.8 %|0 s|2 h 00 min|ok|-",
                "yard|Reconnecting|90.0 %|1 h 06 min|10 min|UNHEALTHY: not recording for 6 min; recorded 90.0 % of the last hour; headroom 10 min; uploads lag 1 h 06 min|CameraUnreachable: Connection refused",
            ],
            lines.Select(l => string.Join('|', Regex.Split(l, "  +"))));
        Assert.Equal(3, lines.Count);
    }

    [Theory]
    [InlineData("Reconnecting", 4, 0.999, false)] // down, but not for 5 minutes yet
    [InlineData("Reconnecting", 6, 0.999, true)]
    [InlineData("Connected", 60, 0.989, true)]
    [InlineData("Connected", 60, 0.99, false)]
    public void Problems_Thresholds_AreThoseOfTheAlerts(string connection, int minutesInState, double ratio, bool unhealthy)
    {
        var camera = new CameraHealth("gate", connection, Now.AddMinutes(-minutesInState), ratio, 0, 3600, null);

        Assert.Equal(unhealthy, camera.Problems(Now).Count > 0);
    }

    [Fact]
    public async Task Run_EveryCameraHealthy_ExitsZero()
    {
        var since = DateTimeOffset.UtcNow.AddHours(-1);
        await using var cvr = await StubCvr.StartAsync(Instances(("gate", "Connected", since, 1.0)).ToJsonString(), """{"value":[{"streamId":"gate","outageHeadroomSeconds":7200}]}""");

        var (exitCode, output) = await RunAsync("status", "--url", cvr.Url);

        Assert.Equal(0, exitCode);
        Assert.Contains("All 1 camera(s) healthy.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ACameraDownForAnHour_ExitsUnhealthy()
    {
        var since = DateTimeOffset.UtcNow.AddHours(-1);
        await using var cvr = await StubCvr.StartAsync(Instances(("gate", "Connected", since, 1.0), ("yard", "Reconnecting", since, 0.0)).ToJsonString(), Caches);

        var (exitCode, output) = await RunAsync("status", "--url", cvr.Url);

        Assert.Equal(CommandLine.Unhealthy, exitCode);
        Assert.Contains("1 of 2 camera(s) unhealthy.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NobodyListening_ExitsUnreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, _) = await RunAsync("status", "--url", $"http://127.0.0.1:{port}");

        Assert.Equal(CommandLine.Unreachable, exitCode);
    }

    private static JsonNode Instances(params (string Name, string Connection, DateTimeOffset Since, double Ratio)[] cameras) =>
        new JsonObject
        {
            ["value"] = new JsonArray([.. cameras.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["properties"] = new JsonObject
                {
                    ["state"] = "Active",
                    ["recording"] = new JsonObject
                    {
                        ["connection"] = c.Connection,
                        ["since"] = c.Since.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                        ["recordingRatio"] = c.Ratio,
                        ["lastDisconnectReason"] = c.Connection == "Connected" ? null : "CameraUnreachable",
                        ["lastDisconnectDetail"] = c.Connection == "Connected" ? null : "Connection refused",
                    },
                },
            })]),
        };

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, TextReader.Null, output, error, CancellationToken.None);
        return (exitCode, output + error.ToString());
    }

    /// <summary>Answers GET /api/graphInstances and GET /api/cache with fixed bodies, as a running Cvr would.</summary>
    private sealed class StubCvr : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Task _serving;
        private readonly CancellationTokenSource _stop = new();

        private StubCvr(TcpListener listener, string instances, string caches)
        {
            _listener = listener;
            Url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
            _serving = ServeAsync(instances, caches, _stop.Token);
        }

        public string Url { get; }

        public static Task<StubCvr> StartAsync(string instances, string caches)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return Task.FromResult(new StubCvr(listener, instances, caches));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
        }

        private async Task ServeAsync(string instances, string caches, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(ct);
                await using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(ct) ?? string.Empty;
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(ct)))
                {
                }

                var body = requestLine.Contains(" /api/graphInstances", StringComparison.Ordinal) ? instances
                    : requestLine.Contains(" /api/cache", StringComparison.Ordinal) ? caches : null;
                var status = body is null ? "404 Not Found" : "200 OK";
                var bytes = Encoding.UTF8.GetBytes(body ?? "{}");
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, ct);
                await stream.WriteAsync(bytes, ct);
            }
        }
    }
}
