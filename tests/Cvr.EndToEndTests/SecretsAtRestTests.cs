using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text;
using Cvr.Testing;

namespace Cvr.EndToEndTests;

/// <summary>
/// A camera behind digest auth whose password is given twice: as user info in the rtspUrl, and as a
/// parameter typed String under a name that does not say "password". It is used (both instances record,
/// and again after a restart: the sealed secrets open), and it is in no answer and in no byte of any file
/// of the data folder. The databases and the key ring are owner-only.
/// </summary>
[UnsupportedOSPlatform("windows")] // file modes are Unix's
public sealed class SecretsAtRestTests : IAsyncLifetime
{
    private const string User = "keeper";
    private const string Password = "Cvr-AtRest-3f9a";
    private const string InUrl = "in-url";
    private const string InParameter = "in-param";
    private const string KeyTopology = "CameraKey";
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;
    private readonly TemporaryFolder _folder = new();
    private TestCamera _camera = null!;
    private CvrHostProcess _host = null!;

    private string CacheOf(string instance) => Path.Combine(_folder.Path, "cache-" + instance);

    public async Task InitializeAsync()
    {
        _camera = await TestCamera.StartAsync(_folder.Path, auth: "digest", user: User, password: Password);
        _host = await CvrHostProcess.StartAsync(_folder.Path);
    }

    [Fact]
    public async Task CameraPassword_InUrlAndInAStringParameter_IsUsedButNowhereAtRestOrInAnswers_AndOpensAfterRestart()
    {
        await _host.RecordAsync(InUrl, $"rtsp://{User}:{Password}@127.0.0.1:{_camera.Port}/cam0", CacheOf(InUrl));
        await RecordWithCameraKeyAsync();
        var before = new Dictionary<string, string?>();
        foreach (var instance in new[] { InUrl, InParameter })
        {
            await Eventually.WaitAsync(
                () => Task.FromResult(Directory.EnumerateFiles(CacheOf(instance), "seg-*.mp4", SearchOption.AllDirectories).Any()),
                Eventually.Bound,
                $"{instance} records: the camera took the password");
            before[instance] = await ConnectedSessionAsync(instance);
        }

        var answers = await AnswersAsync();
        Assert.Contains($"rtsp://***@127.0.0.1:{_camera.Port}/cam0", answers[1], StringComparison.Ordinal);
        Assert.Contains("\"cameraKey\",\"value\":\"***\"", answers[2].Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        AssertNoSecret(answers);
        AssertNoSecretInDataFolder();
        AssertOwnerOnly();

        await _host.StopAsync();
        await _host.DisposeAsync();
        _host = await CvrHostProcess.StartAsync(_folder.Path);

        foreach (var instance in new[] { InUrl, InParameter })
        {
            var session = await Eventually.WaitAsync(() => ConnectedSessionAsync(instance), Eventually.Bound, $"{instance} resumes after the restart with its unsealed password");
            Assert.NotEqual(before[instance], session);
        }

        AssertNoSecret(await AnswersAsync());
        AssertNoSecretInDataFolder();
        AssertOwnerOnly();
        await _host.DeactivateAsync(InUrl);
        await _host.DeactivateAsync(InParameter);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _camera.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>LVA's cvr-asset topology with its password parameter renamed cameraKey and typed String.</summary>
    private async Task RecordWithCameraKeyAsync()
    {
        var topology = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.Topology("cvr-asset", "2.0")))!.AsObject();
        topology["properties"]!["parameters"]![1] = new JsonObject { ["name"] = "cameraKey", ["type"] = "String" };
        topology["properties"]!["sources"]![0]!["endpoint"]!["credentials"]!["password"] = "${cameraKey}";
        topology["properties"]!["sinks"]![0]!["localMediaCachePath"] = CacheOf(InParameter);
        (await _host.Http.PutAsJsonAsync($"api/graphTopologies/{KeyTopology}", topology)).EnsureSuccessStatusCode();
        var instance = new JsonObject
        {
            ["name"] = InParameter,
            ["properties"] = new JsonObject
            {
                ["topologyName"] = KeyTopology,
                ["parameters"] = new JsonArray
                {
                    new JsonObject { ["name"] = "rtspUrl", ["value"] = _camera.Url },
                    new JsonObject { ["name"] = "rtspUserName", ["value"] = User },
                    new JsonObject { ["name"] = "cameraKey", ["value"] = Password },
                },
            },
        };
        (await _host.Http.PutAsJsonAsync($"api/graphInstances/{InParameter}", instance)).EnsureSuccessStatusCode();
        (await _host.Http.PostAsync(new Uri($"api/graphInstances/{InParameter}/activate", UriKind.Relative), null)).EnsureSuccessStatusCode();
    }

    /// <summary>The recorder's session once it is connected (the camera accepted the password), else null.</summary>
    private async Task<string?> ConnectedSessionAsync(string instance)
    {
        var status = await _host.RecordingStatusAsync(instance);
        return status?["connection"]?.GetValue<string>() == "Connected" ? status["sessionId"]?.GetValue<string>() : null;
    }

    /// <summary>Every answer that shows topologies or instances, over REST and the direct methods.</summary>
    private async Task<List<string>> AnswersAsync()
    {
        var answers = new List<string>();
        foreach (var path in new[] { "api/graphInstances", $"api/graphInstances/{InUrl}", $"api/graphInstances/{InParameter}", "api/graphTopologies", $"api/graphTopologies/{KeyTopology}", "api/assets" })
        {
            answers.Add(await _host.Http.GetStringAsync(new Uri(path, UriKind.Relative)));
        }

        foreach (var (method, name) in new[] { ("GraphInstanceList", (string?)null), ("GraphInstanceGet", InUrl), ("GraphInstanceGet", InParameter), ("GraphTopologyList", null), ("GraphTopologyGet", KeyTopology) })
        {
            var payload = new JsonObject { ["@apiVersion"] = "2.0" };
            if (name is not null)
            {
                payload["name"] = name;
            }

            using var response = await _host.Http.PostAsJsonAsync($"api/methods/{method}", payload);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        return answers;
    }

    private static IEnumerable<string> SecretForms() => [Password, Uri.EscapeDataString(Password), Convert.ToBase64String(Encoding.UTF8.GetBytes(Password))];

    private static void AssertNoSecret(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            foreach (var secret in SecretForms())
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Every file of the data folder, byte for byte: the databases, their -wal and -shm, the key ring, the assets.</summary>
    private void AssertNoSecretInDataFolder()
    {
        var files = Directory.GetFiles(_host.DataFolder, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("cvr.db-wal", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("catalog.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in SecretForms())
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"The password ({secret}) is in the bytes of {file}");
            }
        }
    }

    private void AssertOwnerOnly()
    {
        var data = _host.DataFolder;
        var keys = Path.Combine(data, "keys");
        Assert.Equal(OwnerFolder, File.GetUnixFileMode(data));
        Assert.Equal(OwnerFolder, File.GetUnixFileMode(keys));
        var files = Directory.GetFiles(data, "*.db*").Concat(Directory.GetFiles(keys)).Select(f => Path.GetRelativePath(data, f)).ToList();
        Assert.Superset(new HashSet<string>(["cvr.db", "cvr.db-wal", "cvr.db-shm", "catalog.db"], StringComparer.Ordinal), files.ToHashSet(StringComparer.Ordinal));
        Assert.Contains(files, f => f.StartsWith("keys/key-", StringComparison.Ordinal) && f.EndsWith(".xml", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(Path.Combine(data, f)) == OwnerFile, $"{f} is {File.GetUnixFileMode(Path.Combine(data, f))}"));
    }
}
