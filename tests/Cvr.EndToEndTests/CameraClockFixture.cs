using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// Four paced test cameras whose clocks misbehave in their own ways, recorded by one host whose slew
/// bound is 5000 ppm (ten times the default, so that a few minutes show what days would) and whose
/// error bound is 60 ms: one 3000 ppm fast (within the bound), one 9000 ppm fast (beyond it), one whose
/// timestamps jump a second ahead after 45 s, and one whose own clock (RTCP sender reports) a topology
/// chooses to trust.
/// </summary>
public sealed class CameraClockFixture : IAsyncLifetime
{
    public const string WithinBound = "within";
    public const string BeyondBound = "beyond";
    public const string Stepping = "stepping";
    public const string CameraTime = "cameratime";
    private readonly TemporaryFolder _folder = new();
    private readonly Dictionary<string, TestCamera> _cameras = new(StringComparer.Ordinal);

    public CvrHostProcess Host { get; private set; } = null!;

    public TestCamera Camera(string instance) => _cameras[instance];

    public string CachePath(string instance) => Path.Combine(_folder.Path, "cache-" + instance);

    public static string Asset(string instance) => CvrHostProcess.AssetName(instance, Topology(instance));

    public async Task InitializeAsync()
    {
        var timings = new Dictionary<string, CameraTiming>(StringComparer.Ordinal)
        {
            [WithinBound] = new(RatePpm: 3000),
            [BeyondBound] = new(RatePpm: 9000),
            [Stepping] = new(StepAt: TimeSpan.FromSeconds(45), StepBy: TimeSpan.FromSeconds(1)),
            [CameraTime] = new(),
        };
        foreach (var (instance, timing) in timings)
        {
            _cameras[instance] = await TestCamera.StartAsync(_folder.Path, timing: timing);
        }

        Host = await CvrHostProcess.StartAsync(_folder.Path, environment: new Dictionary<string, string>
        {
            ["Ingest__Clock__MaxSlewPpm"] = "5000",
            ["Ingest__Clock__MaxError"] = "00:00:00.060",
        });
        foreach (var instance in timings.Keys)
        {
            await Host.RecordAsync(instance, _cameras[instance].Url, CachePath(instance), topologyName: Topology(instance), clockSource: instance == CameraTime ? "Camera" : null);
        }
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var camera in _cameras.Values)
        {
            await camera.DisposeAsync();
        }

        _folder.Dispose();
    }

    private static string Topology(string instance) => "Clock" + instance;
}
