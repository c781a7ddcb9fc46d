using System.Text;
using System.Text.Json.Nodes;
using Cvr.Ingest.Management;
using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Cvr.Testing;
using Cvr.UnitTests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Cvr.UnitTests.Management;

/// <summary>
/// Secrets at rest with the real pieces: the repository over a real SQLite state store, the ingest's real
/// Data Protection key ring, and the bytes of the database files as a thief would read them.
/// </summary>
public sealed class GraphRepositorySecretsTests : IAsyncLifetime
{
    private const string UrlPassword = "Url-Secret-5c1e";
    private const string KeyPassword = "Key-Secret-9b7a";
    private readonly TemporaryFolder _folder = new();
    private SqliteDatabase _database = null!;
    private IStateStoreFactory _stores = null!;
    private ServiceProvider _keyRing = null!;

    private string DatabasePath => _folder.File("cvr.db");

    public async Task InitializeAsync()
    {
        _database = new SqliteDatabase(DatabasePath);
        await SqliteStateStore.CreateSchemaAsync(_database, CancellationToken.None);
        _stores = new SqliteStateStoreFactory(_database);
        _keyRing = KeyRingServices.Build(_folder.File("data"), _stores);
    }

    [Fact]
    public async Task SaveInstance_PasswordInUrlAndInAStringParameter_NeverReachesTheFilesAndReadsBack()
    {
        var graphs = Repository(_keyRing);
        await graphs.SaveTopologyAsync(new GraphTopologyDocument("t", Topology("${cameraKey}")), CancellationToken.None);
        var instance = Instance();

        await graphs.SaveInstanceAsync(instance, CancellationToken.None);
        await graphs.SaveInstanceAsync(instance with { State = GraphInstanceState.Active }, CancellationToken.None);
        var read = await graphs.GetInstanceAsync("cam", CancellationToken.None);

        Assert.Equal(KeyPassword, read!.Parameters["cameraKey"]);
        Assert.Equal($"rtsp://viewer:{UrlPassword}@cam/s", read.Parameters["rtspUrl"]);
        Assert.Equal(instance.Body.ToJsonString(), read.Body.ToJsonString());
        Assert.Equal(GraphInstanceState.Active, read.State);
        AssertNotInFiles(UrlPassword, KeyPassword);
    }

    [Fact]
    public async Task SealPlainText_DocumentsOfAnOlderCvr_AreSealedAndTheirPlainTextLeavesTheFiles()
    {
        // What an older Cvr wrote: the documents as they are, in plain text.
        var store = _stores.ForApp(GraphRepository.AppId);
        await store.SaveAsync("topology:t", new GraphTopologyDocument("t", Topology("${cameraKey}")), CancellationToken.None);
        await store.SaveAsync("index:topologies", new List<string> { "t" }, CancellationToken.None);
        await store.SaveAsync("instance:cam", Instance(), CancellationToken.None);
        await store.SaveAsync("index:instances", new List<string> { "cam" }, CancellationToken.None);
        Assert.Contains(KeyPassword, FileText(), StringComparison.Ordinal);
        var graphs = Repository(_keyRing);

        var sealedCount = await graphs.SealPlainTextAsync(CancellationToken.None);
        var scrubbed = await graphs.ScrubAsync(CancellationToken.None);

        Assert.Equal(2, sealedCount);
        Assert.True(scrubbed);
        AssertNotInFiles(UrlPassword, KeyPassword);
        Assert.Equal(KeyPassword, (await graphs.GetInstanceAsync("cam", CancellationToken.None))!.Parameters["cameraKey"]);
        Assert.Equal(0, await graphs.SealPlainTextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SaveTopology_ThatPutsAParameterIntoTheCredentials_SealsItsInstancesAgain()
    {
        var graphs = Repository(_keyRing);
        await graphs.SaveTopologyAsync(new GraphTopologyDocument("t", Topology(password: "")), CancellationToken.None);
        await graphs.SaveInstanceAsync(Instance(), CancellationToken.None);
        Assert.DoesNotContain("/parameters/cameraKey", await SealedPointersAsync("instance:cam"));

        await graphs.SaveTopologyAsync(new GraphTopologyDocument("t", Topology("${cameraKey}")), CancellationToken.None);

        Assert.Contains("/parameters/cameraKey", await SealedPointersAsync("instance:cam"));
        Assert.Contains("/body/properties/parameters/1/value", await SealedPointersAsync("instance:cam"));
        Assert.Equal(KeyPassword, (await graphs.GetInstanceAsync("cam", CancellationToken.None))!.Parameters["cameraKey"]);
    }

    [Fact]
    public async Task GetInstance_SealedUnderAnotherKeyRing_FailsNamingTheKeyRing()
    {
        var graphs = Repository(_keyRing);
        await graphs.SaveTopologyAsync(new GraphTopologyDocument("t", Topology("${cameraKey}")), CancellationToken.None);
        await graphs.SaveInstanceAsync(Instance(), CancellationToken.None);
        using var otherRing = KeyRingServices.Build(_folder.File("other-data"), _stores);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Repository(otherRing).GetInstanceAsync("cam", CancellationToken.None));

        Assert.Contains("KeyRing", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyPassword, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SealedValue_CopiedIntoAnotherDocument_DoesNotOpen()
    {
        var graphs = Repository(_keyRing);
        await graphs.SaveTopologyAsync(new GraphTopologyDocument("t", Topology("${cameraKey}")), CancellationToken.None);
        await graphs.SaveInstanceAsync(Instance(), CancellationToken.None);
        var store = _stores.ForApp(GraphRepository.AppId);
        var stolen = (await store.GetAsync<JsonObject>("instance:cam", CancellationToken.None))!.Value;
        stolen["name"] = "thief";
        await store.SaveAsync("instance:thief", stolen, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => graphs.GetInstanceAsync("thief", CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await _keyRing.DisposeAsync();
        _folder.Dispose();
    }

    private static GraphRepository Repository(IServiceProvider keyRing) => new(
        keyRing.GetRequiredService<IStateStoreFactory>(), keyRing.GetRequiredService<IDataProtectionProvider>());

    private async Task<IReadOnlyList<string>> SealedPointersAsync(string key) =>
        [.. (await _stores.ForApp(GraphRepository.AppId).GetAsync<JsonObject>(key, CancellationToken.None))!.Value["sealed"]!.AsArray().Select(p => p!.GetValue<string>())];

    /// <summary>The database, its write-ahead log and shared memory, as text: what a copy of the files would give away.</summary>
    private string FileText() => string.Concat(
        new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" }.Where(File.Exists).Select(p => Encoding.Latin1.GetString(File.ReadAllBytes(p))));

    private void AssertNotInFiles(params string[] secrets)
    {
        var text = FileText();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    private static GraphInstanceDocument Instance()
    {
        var parameters = new Dictionary<string, string>
        {
            ["rtspUrl"] = $"rtsp://viewer:{UrlPassword}@cam/s",
            ["cameraKey"] = KeyPassword,
        };
        var body = new JsonObject
        {
            ["name"] = "cam",
            ["properties"] = new JsonObject
            {
                ["topologyName"] = "t",
                ["parameters"] = new JsonArray([.. parameters.Select(p => (JsonNode)new JsonObject { ["name"] = p.Key, ["value"] = p.Value })]),
            },
        };
        return new GraphInstanceDocument("cam", "t", parameters, GraphInstanceState.Inactive, body);
    }

    private static JsonObject Topology(string password) => new()
    {
        ["name"] = "t",
        ["properties"] = new JsonObject
        {
            ["parameters"] = new JsonArray
            {
                new JsonObject { ["name"] = "rtspUrl", ["type"] = "String" },
                new JsonObject { ["name"] = "cameraKey", ["type"] = "String" },
            },
            ["sources"] = new JsonArray
            {
                new JsonObject
                {
                    ["@type"] = TopologyCompiler.RtspSourceType,
                    ["name"] = "rtspSource",
                    ["endpoint"] = new JsonObject
                    {
                        ["url"] = "${rtspUrl}",
                        ["credentials"] = new JsonObject { ["username"] = "viewer", ["password"] = password },
                    },
                },
            },
        },
    };
}
