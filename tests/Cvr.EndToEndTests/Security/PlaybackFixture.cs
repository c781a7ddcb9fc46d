using Cvr.Testing;

namespace Cvr.EndToEndTests.Security;

/// <summary>A camera recorded until one segment is uploaded, by a host whose playback URLs live 45 s.</summary>
public sealed class PlaybackFixture : IAsyncLifetime
{
    public const string Instance = "lobby";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(45);
    private readonly TemporaryFolder _folder = new();

    public TestCamera Camera { get; private set; } = null!;

    public CvrHostProcess Host { get; private set; } = null!;

    public string Asset => CvrHostProcess.AssetName(Instance);

    public async Task InitializeAsync()
    {
        Camera = await TestCamera.StartAsync(_folder.Path);
        Host = await CvrHostProcess.StartAsync(_folder.Path, environment: new Dictionary<string, string> { ["Cvr__Playback__TokenLifetime"] = TokenLifetime.ToString() });
        await Host.RecordAsync(Instance, Camera.Url, Path.Combine(_folder.Path, "cache"));
        await Eventually.WaitAsync(async () => (await Host.SegmentsAsync(Asset)).Any(s => s.Uploaded), Eventually.Bound, "a segment is uploaded");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Camera.DisposeAsync();
        _folder.Dispose();
    }
}
