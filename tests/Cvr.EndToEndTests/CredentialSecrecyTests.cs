using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// A camera behind digest auth, with a password of characters that need quoting and escaping: it is
/// used, and appears in no log, no API answer and no process's command line.
/// </summary>
public sealed class CredentialSecrecyTests : IAsyncLifetime
{
    private const string User = "viewer";

    // Unique to this run: the scan of /proc must not find another checkout's test running at the same time.
    private static readonly string Run = Guid.NewGuid().ToString("N")[..8];
    private static readonly string Password = $@"Cvr 'Sécret' \#%@:{Run}";
    private static readonly string WrongPassword = $"Wrong-Secret-{Run}";
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
    public async Task Recording_CameraBehindDigestAuth_PasswordAppearsInNoLogAnswerOrCommandLine()
    {
        var goodCache = Path.Combine(_folder.Path, "cache-good");
        var badCache = Path.Combine(_folder.Path, "cache-bad");
        await using var commandLines = new CommandLineWatch();
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
        await _host.Process.WaitForLineAsync(l => l.Contains("Recording refused: reconnecting in", StringComparison.Ordinal), Eventually.Bound); // logged just after the status is set
        var attempts = _host.Process.Lines.Count(l => l.Contains("Recording refused: reconnecting in", StringComparison.Ordinal));
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
        Assert.Contains(commandLines.Seen, line => line.Contains("ffmpeg", StringComparison.Ordinal) && line.Contains(goodCache, StringComparison.Ordinal));
        foreach (var secret in new[] { Password, WrongPassword, Uri.EscapeDataString(Password), Uri.EscapeDataString(WrongPassword) })
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
            Assert.All(answers, answer => Assert.DoesNotContain(secret, answer, StringComparison.Ordinal));
            Assert.All(commandLines.Seen, line => Assert.DoesNotContain(secret, line, StringComparison.Ordinal));
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }
}
