using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>A camera behind digest auth: its password is used, and appears in no log and no API answer.</summary>
public sealed class CredentialSecrecyTests : IAsyncLifetime
{
    private const string User = "viewer";
    private const string Password = "Cvr-Secret-8d1f";
    private const string WrongPassword = "Wrong-Secret-77c2";
    private readonly TemporaryFolder _folder = new();
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    public async Task InitializeAsync()
    {
        _camera = await TestCamera.StartAsync(_folder.Path, auth: "digest", user: User, password: Password);

        // Debug level includes every line ffmpeg writes, and ffmpeg echoes the input URL with its user info.
        _host = await CvrHostProcess.StartAsync(_folder.Path, environment: new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Debug" });
    }

    [Fact]
    public async Task Recording_CameraBehindDigestAuth_PasswordAppearsInNoLogOrAnswer()
    {
        var goodCache = Path.Combine(_folder.Path, "cache-good");
        var badCache = Path.Combine(_folder.Path, "cache-bad");
        await _host.RecordAsync("authorized", _camera.Url, goodCache, User, Password);
        await _host.RecordAsync("refused", _camera.Url, badCache, User, WrongPassword, topologyName: "CVRWrongPassword");

        await Eventually.WaitAsync(
            () => Task.FromResult(Directory.EnumerateFiles(goodCache, "seg-000000.mp4", SearchOption.AllDirectories).Any()),
            Eventually.Bound,
            "the camera accepted the right password and media arrives");
        await Eventually.WaitAsync(
            () => Task.FromResult(_host.Process.Lines.Count(l => l.Contains("401", StringComparison.Ordinal)) >= 2),
            Eventually.Bound,
            "the camera refused the wrong password, twice");

        var refused = await _host.RecordingStatusAsync("refused");
        var attempts = _host.Process.Lines.Count(l => l.Contains("Recording refused: session", StringComparison.Ordinal) && l.Contains("started", StringComparison.Ordinal));
        var answers = new List<string>();
        foreach (var path in new[] { "api/graphInstances", "api/graphInstances/authorized", "api/graphInstances/refused", "api/graphTopologies", "api/assets" })
        {
            answers.Add(await _host.Http.GetStringAsync(new Uri(path, UriKind.Relative)));
        }

        await _host.DeactivateAsync("authorized");
        await _host.DeactivateAsync("refused");
        await _host.StopAsync();
        var log = await File.ReadAllTextAsync(_host.Process.LogPath);

        Assert.Contains("***", answers[1], StringComparison.Ordinal);
        Assert.Equal("CredentialsRefused", refused?["lastDisconnectReason"]?.GetValue<string>());
        Assert.Equal(1, attempts); // refused credentials wait a minute: no tight retry loop
        foreach (var secret in new[] { Password, WrongPassword, Uri.EscapeDataString(Password) })
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
            Assert.All(answers, answer => Assert.DoesNotContain(secret, answer, StringComparison.Ordinal));
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }
}
