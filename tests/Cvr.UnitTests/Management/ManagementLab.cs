using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Ingest.Recording;
using Cvr.Ingest.Uploads;
using Cvr.Platform.Hosting;
using Cvr.Platform.Messaging;
using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Cvr.Testing;
using Cvr.UnitTests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cvr.UnitTests.Management;

/// <summary>
/// Graph management's real parts: the repository over a real SQLite state store and the ingest's key
/// ring, the real recording supervisor (its ffmpeg and ffprobe missing, so a camera never answers and
/// recording keeps retrying, as with a camera that is down), a fake clock, and a publisher that keeps
/// what was published.
/// </summary>
internal sealed class ManagementLab : IAsyncDisposable
{
    public const string TopologyName = "cvr";
    private readonly TemporaryFolder _folder = new();
    private readonly ServiceProvider _keyRing;
    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);

    public ManagementLab()
    {
        var database = new SqliteDatabase(_folder.File("state.db"));
        SqliteStateStore.CreateSchemaAsync(database, CancellationToken.None).GetAwaiter().GetResult();
        var stores = new SqliteStateStoreFactory(database);
        _keyRing = KeyRingServices.Build(_folder.File("data"), stores);
        Graphs = new GraphRepository(stores, _keyRing.GetRequiredService<IDataProtectionProvider>());
        Settings = new IngestOptions
        {
            CacheRoot = _folder.File("cache"),
            FfmpegPath = _folder.File("no-tools/ffmpeg"),
            ActivationWait = TimeSpan.FromSeconds(10),
            DeactivationFlushTimeout = TimeSpan.Zero,
        };
        Planner = new GraphPlanner(Graphs, Options.Create(new CvrOptions { Data = _folder.File("data") }), Options.Create(Settings));
        Uploads = new PendingUploads(stores);
        Recorders = new RecordingSupervisor(Graphs, Planner, Publisher, Options.Create(Settings), Time, NullLoggerFactory.Instance);
        Views = new InstanceView(Graphs, Recorders);
        Conflicts = new InstanceConflicts(Graphs, Planner);
        Topologies = new GraphTopologies(Graphs, Planner, Changes, Time);
        Instances = new GraphInstances(Graphs, Planner, Conflicts, Views, Changes);
        Lifecycle = new InstanceLifecycle(
            Graphs, Planner, Conflicts, Views, Changes, Recorders, new CacheFlush(Uploads, Time), Publisher, Time, Options.Create(Settings), _lifetime, NullLogger<InstanceLifecycle>.Instance);
    }

    public ObservedClock Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public CapturingPublisher Publisher { get; } = new();

    public IngestOptions Settings { get; }

    public GraphRepository Graphs { get; }

    public GraphPlanner Planner { get; }

    public RecordingSupervisor Recorders { get; }

    /// <summary>What the ingest heard of its segments' uploads: what a deactivation waits for.</summary>
    public PendingUploads Uploads { get; }

    public GraphChangeLock Changes { get; } = new();

    public InstanceView Views { get; }

    public InstanceConflicts Conflicts { get; }

    public GraphTopologies Topologies { get; }

    public GraphInstances Instances { get; }

    public InstanceLifecycle Lifecycle { get; }

    public string CacheRoot => Settings.CacheRoot!;

    /// <summary>
    /// LVA's cvr-asset topology with the cache folder at <paramref name="cachePath"/> (relative paths lie
    /// under the cache root), a cacheFolder parameter to put there, and a source password of its own.
    /// </summary>
    public static JsonObject Topology(string cachePath = "${System.GraphInstanceName}")
    {
        var topology = (JsonObject)JsonNode.Parse(File.ReadAllText(RepositoryPaths.Topology("cvr-asset", "2.0")))!;
        topology["properties"]!["parameters"]!.AsArray().Add(new JsonObject { ["name"] = "cacheFolder", ["type"] = "String", ["default"] = "unused" });
        topology["properties"]!["sinks"]![0]!["localMediaCachePath"] = cachePath;
        return topology;
    }

    /// <summary>An instance of <see cref="TopologyName"/>; each extra pair is one more parameter.</summary>
    public static JsonObject Instance(string name, params (string Name, string Value)[] parameters)
    {
        var list = new JsonArray { new JsonObject { ["name"] = "rtspUrl", ["value"] = "rtsp://127.0.0.1:9/none" } };
        foreach (var (parameter, value) in parameters)
        {
            list.Add(new JsonObject { ["name"] = parameter, ["value"] = value });
        }

        return new JsonObject { ["name"] = name, ["properties"] = new JsonObject { ["topologyName"] = TopologyName, ["parameters"] = list } };
    }

    /// <summary>Sets the topology (<see cref="Topology"/> unless given) and the instances, each Inactive.</summary>
    public async Task SetAsync(JsonObject? topology, params string[] instances)
    {
        Assert.True((await Topologies.SetAsync(TopologyName, topology ?? Topology(), CancellationToken.None)).Succeeded);
        foreach (var name in instances)
        {
            var result = await Instances.SetAsync(name, Instance(name), CancellationToken.None);
            Assert.True(result.Succeeded, result.Error?.Message);
        }
    }

    public async Task<GraphInstanceState?> StateOfAsync(string name) =>
        (await Graphs.GetInstanceAsync(name, CancellationToken.None))?.State;

    /// <summary>Stores the instance's state as it is, past the checks of the API (a state an earlier process left).</summary>
    public async Task StoreStateAsync(string name, GraphInstanceState state)
    {
        var instance = await Graphs.GetInstanceAsync(name, CancellationToken.None);
        await Graphs.SaveInstanceAsync(instance! with { State = state }, CancellationToken.None);
    }

    /// <summary>Moves the fake clock on a poll of the cache at a time, each once the code waits on a timer, until the operation has ended.</summary>
    public Task<T> RunAsync<T>(Task<T> operation) => Time.RunAsync(operation, CacheFlush.PollInterval, TimeSpan.FromSeconds(60));

    /// <summary>Waits (in real time, without moving the clock) until the instance is stored in the state.</summary>
    public async Task WaitForStateAsync(string name, GraphInstanceState state)
    {
        var bound = Stopwatch.StartNew();
        while (await StateOfAsync(name) != state)
        {
            Assert.True(bound.Elapsed < TimeSpan.FromSeconds(30), $"{name} never became {state}");
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lifetime.StopApplication();
        await Recorders.DisposeAsync();
        Changes.Dispose();
        await _keyRing.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Keeps every event published, in order.</summary>
    internal sealed class CapturingPublisher : IEventPublisher
    {
        private readonly ConcurrentQueue<object> _published = new();

        public IReadOnlyList<object> Published => [.. _published];

        public IReadOnlyList<T> Of<T>() => [.. _published.OfType<T>()];

        public Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken)
            where TEvent : IIntegrationEvent
        {
            _published.Enqueue(@event);
            return Task.CompletedTask;
        }
    }
}
