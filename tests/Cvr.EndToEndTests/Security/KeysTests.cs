using System.Net;
using Cvr.Testing;

namespace Cvr.EndToEndTests.Security;

/// <summary>
/// The keys of <c>cvr serve</c>: made on the first start, printed once, stored for the owner only,
/// shown and rotated by <c>cvr keys</c> (a rotation applies to the running host at once), used by the CLI.
/// </summary>
public sealed class KeysTests : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();
    private CvrHostProcess _host = null!;

    private string KeyFile => Path.Combine(_host.DataFolder, "api-keys.json");

    public async Task InitializeAsync() => _host = await CvrHostProcess.StartAsync(_folder.Path);

    [Fact]
    public async Task FirstStart_PrintsEachKeyOnce_StoresThemForTheOwnerOnly_AndKeysShowPrintsThemAgain()
    {
        var (exitCode, output, _) = await CvrHostProcess.RunCommandAsync("keys", "show", "--data", _host.DataFolder);

        Assert.Equal(0, exitCode);
        Assert.Equal([$"operator: {_host.OperatorKey}", $"viewer: {_host.ViewerKey}"], output.Trim().Split('\n'));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        Assert.Single(_host.Process.Lines, l => l.Contains(_host.OperatorKey, StringComparison.Ordinal));
        Assert.Single(_host.Process.Lines, l => l.Contains("cvr keys show --data", StringComparison.Ordinal));

        await _host.StopAsync();
        await using var again = await CvrHostProcess.StartAsync(_folder.Path);
        Assert.Equal(_host.OperatorKey, again.OperatorKey);
        Assert.DoesNotContain(again.Process.Lines, l => l.Contains(again.OperatorKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotate_WhileServing_OldKeyRefusedNewKeyServed()
    {
        var old = _host.ViewerKey;
        using var oldClient = _host.Client(old);
        Assert.Equal(HttpStatusCode.OK, (await oldClient.GetAsync(new Uri("api/assets", UriKind.Relative))).StatusCode);

        var (exitCode, output, errors) = await CvrHostProcess.RunCommandAsync("keys", "rotate", "--data", _host.DataFolder, "--role", "viewer");
        _host.ReadKeys();

        Assert.True(exitCode == 0, errors);
        Assert.Contains($"viewer: {_host.ViewerKey}", output, StringComparison.Ordinal);
        Assert.NotEqual(old, _host.ViewerKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        using var newClient = _host.Client(_host.ViewerKey);
        await Eventually.WaitAsync(
            async () => (await oldClient.GetAsync(new Uri("api/assets", UriKind.Relative))).StatusCode == HttpStatusCode.Unauthorized
                && (await newClient.GetAsync(new Uri("api/assets", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
            Eventually.Bound,
            "the running host refuses the old viewer key and accepts the new one");
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync(new Uri("api/graphTopologies", UriKind.Relative))).StatusCode); // the operator key was kept
    }

    [Fact]
    public async Task Cli_WithoutAKey_ExitsOneSayingHowToGetOne_WithTheDataFolderWorks()
    {
        var list = new[] { "dotnet", CvrHostProcess.HostAssembly(), "topology", "list", "--url", _host.Address.ToString() };
        var nowhere = new Dictionary<string, string> { ["CVR_DATA"] = _folder.File("no-such-folder"), ["CVR_API_KEY"] = string.Empty };
        var (refusedCode, _, refused) = await Ffprobe.RunAsync(list[0], list[1..], nowhere);
        var (servedCode, served, errors) = await Ffprobe.RunAsync(list[0], list[1..], new Dictionary<string, string> { ["CVR_DATA"] = _host.DataFolder, ["CVR_API_KEY"] = string.Empty });

        Assert.Equal(1, refusedCode);
        Assert.Contains("cvr keys show", Assert.Single(refused.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.True(servedCode == 0, errors);
        Assert.Equal("no graph topologies", served.Trim());
    }

    [Theory]
    [InlineData("keys", "list")]
    [InlineData("keys", "rotate", "--data", "DATA", "--role", "admin")]
    [InlineData("keys", "show", "--data", "/no/such/folder")]
    public async Task Keys_BadCommandLine_ExitsTwoWithOneLine(params string[] arguments)
    {
        var (exitCode, _, errors) = await CvrHostProcess.RunCommandAsync([.. arguments.Select(a => a == "DATA" ? _host.DataFolder : a)]);

        Assert.Equal(2, exitCode);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }
}
