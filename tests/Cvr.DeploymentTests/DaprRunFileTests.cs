using Cvr.DeploymentTests.Support;
using Cvr.Testing;

namespace Cvr.DeploymentTests;

/// <summary>dapr.yaml, the multi-app run file: the four services, each under its sidecar, on one data folder.</summary>
public class DaprRunFileTests
{
    private static readonly string RunFile = Path.Combine(RepositoryPaths.Root, "dapr.yaml");
    private readonly YamlDotNet.RepresentationModel.YamlMappingNode _run = Yaml.LoadFile(RunFile);

    [Fact]
    public void DaprRunFile_Apps_AreTheFourServices()
    {
        Assert.Equal("1", _run.At("version").Text());
        Assert.Equal(ChartRenders.AppIds, _run.At("apps").Items().Select(a => a.At("appID").Text()));
    }

    [Fact]
    public void DaprRunFile_EachApp_RunsItsOwnProjectOnItsPort()
    {
        var ports = new List<string>();
        foreach (var app in _run.At("apps").Items())
        {
            var folder = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, app.At("appDirPath").Text() ?? ""));
            var command = app.At("command").Texts();
            var project = command[command.ToList().IndexOf("--project") + 1];
            var port = app.At("appPort").Text() ?? "";

            Assert.Equal(["dotnet", "run"], command.Take(2));
            Assert.True(File.Exists(Path.Combine(folder, project)), $"{app.At("appID").Text()}: no {project} in {folder}");
            Assert.Equal(["--urls", $"http://127.0.0.1:{port}"], command.TakeLast(2));
            Assert.Equal("--", command[^3]);
            ports.AddRange([port, app.At("daprHTTPPort").Text() ?? "", app.At("daprGRPCPort").Text() ?? "", app.At("metricsPort").Text() ?? ""]);
        }

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Fact]
    public void DaprRunFile_EachApp_RunsInDaprModeOnOneSharedDataFolder()
    {
        var dataFolders = _run.At("apps").Items().Select(app =>
        {
            var env = app.At("env");
            Assert.Equal("Dapr", env.At("Cvr__Mode").Text());
            Assert.Equal("pubsub", env.At("Cvr__PubSubName").Text());
            Assert.Equal("statestore", env.At("Cvr__StateStoreName").Text());
            // Relative paths resolve against the app's working directory, its appDirPath.
            return Path.GetFullPath(Path.Combine(RepositoryPaths.Root, app.At("appDirPath").Text() ?? "", env.At("Cvr__Data").Text() ?? ""));
        }).Distinct().ToList();

        var folder = Assert.Single(dataFolders);
        // Inside .cvr/, which git ignores: recordings never end up in a commit.
        Assert.StartsWith(Path.Combine(RepositoryPaths.Root, ".cvr") + Path.DirectorySeparatorChar, folder, StringComparison.Ordinal);
    }

    [Fact]
    public void DaprRunFile_Resources_AreTheComponentsFolder()
    {
        var resources = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, _run.At("common", "resourcesPath").Text() ?? ""));

        Assert.Equal(ComponentsFolderTests.Folder, resources);
        Assert.Equal("true", _run.At("common", "enableAppHealthCheck").Text());
        Assert.Equal("/health", _run.At("common", "appHealthCheckPath").Text());
        Assert.All(_run.At("apps").Items(), app => Assert.Null(app.At("resourcesPath")));
    }
}
