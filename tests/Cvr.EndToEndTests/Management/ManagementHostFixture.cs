using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cvr.Testing;

namespace Cvr.EndToEndTests.Management;

/// <summary>
/// One <c>cvr serve</c> for the management tests, with the "lab" topology (every sink property a
/// parameter) and an instance "owner" whose cache folder the bad-input table tries to share.
/// </summary>
public sealed class ManagementHostFixture : IAsyncLifetime
{
    public const string Lab = "lab";
    public const string Owner = "owner";

    private readonly TemporaryFolder _folder = new();

    public CvrHostProcess Host { get; private set; } = null!;

    public string Folder => _folder.Path;

    public string OwnerCachePath => Path.Combine(_folder.Path, "owned");

    public async Task InitializeAsync()
    {
        Host = await CvrHostProcess.StartAsync(_folder.Path, environment: new Dictionary<string, string> { ["Ingest__ActivationWait"] = "00:00:01" });
        (await Host.Http.PutAsJsonAsync($"api/graphTopologies/{Lab}", LabTopology())).EnsureSuccessStatusCode();
        (await Host.Http.PutAsJsonAsync($"api/graphInstances/{Owner}", LabInstance(Owner, OwnerCachePath))).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>A topology whose sink takes everything from parameters, as a fleet of cameras would use it.</summary>
    public static JsonObject LabTopology() => (JsonObject)JsonNode.Parse("""
        {
          "@apiVersion": "2.0",
          "name": "lab",
          "properties": {
            "description": "Every sink property from a parameter",
            "parameters": [
              { "name": "rtspUrl", "type": "String" },
              { "name": "rtspPassword", "type": "SecretString", "default": "none" },
              { "name": "segmentLength", "type": "String", "default": "PT30S" },
              { "name": "cacheMiB", "type": "Int", "default": "64" },
              { "name": "cachePath", "type": "String" }
            ],
            "sources": [
              {
                "@type": "#Microsoft.Media.MediaGraphRtspSource",
                "name": "rtspSource",
                "endpoint": {
                  "@type": "#Microsoft.Media.MediaGraphUnsecuredEndpoint",
                  "url": "${rtspUrl}",
                  "credentials": { "@type": "#Microsoft.Media.MediaGraphUsernamePasswordCredentials", "username": "viewer", "password": "${rtspPassword}" }
                }
              }
            ],
            "sinks": [
              {
                "@type": "#Microsoft.Media.MediaGraphAssetSink",
                "name": "assetSink",
                "assetNamePattern": "lab-${System.GraphInstanceName}",
                "segmentLength": "${segmentLength}",
                "localMediaCacheMaximumSizeMiB": "${cacheMiB}",
                "localMediaCachePath": "${cachePath}",
                "inputs": [ { "nodeName": "rtspSource" } ]
              }
            ]
          }
        }
        """)!;

    public static JsonObject LabInstance(string name, string cachePath, string rtspUrl = "rtsp://127.0.0.1:9/cam0") => new()
    {
        ["name"] = name,
        ["properties"] = new JsonObject
        {
            ["topologyName"] = Lab,
            ["parameters"] = new JsonArray
            {
                new JsonObject { ["name"] = "rtspUrl", ["value"] = rtspUrl },
                new JsonObject { ["name"] = "cachePath", ["value"] = cachePath },
            },
        },
    };

    /// <summary>The LVA sample topology cvr-asset 2.0, literal values and all.</summary>
    public static JsonObject SampleTopology() => (JsonObject)JsonNode.Parse(File.ReadAllText(RepositoryPaths.Topology("cvr-asset", "2.0")))!;
}
