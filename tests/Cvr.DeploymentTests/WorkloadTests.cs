using Cvr.DeploymentTests.Support;

namespace Cvr.DeploymentTests;

/// <summary>The four services' pods: Dapr sidecar annotations, the shared cache volume, probes, one node.</summary>
[Collection(ChartCollection.Name)]
public class WorkloadTests(ChartRenders chart)
{
    public static TheoryData<string> AppIds() => [.. ChartRenders.AppIds];

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Workload_EachService_IsDaprEnabledWithItsAppIdAndPort(string appId)
    {
        var pod = chart.Defaults.Service(appId).PodTemplate;
        var annotations = pod.At("metadata", "annotations");
        var container = pod.At("spec", "containers").ItemWith("name", appId);

        Assert.Equal("true", annotations.At("dapr.io/enabled").Text());
        Assert.Equal(appId, annotations.At("dapr.io/app-id").Text());
        Assert.Equal("8080", annotations.At("dapr.io/app-port").Text());
        Assert.Equal("8080", container.At("ports").ItemWith("name", "http").At("containerPort").Text());
        Assert.Equal("/health", annotations.At("dapr.io/app-health-check-path").Text());
        Assert.Equal("cvr", annotations.At("dapr.io/config").Text());
        Assert.Single(chart.Defaults.OfKind("Configuration"), c => c.Name == "cvr");
    }

    [Fact]
    public void Annotations_EveryRenderedResource_AreAllStrings()
    {
        var annotations =
            from manifest in chart.Defaults.All.Concat(chart.TwoCameras.All)
            from node in new[] { manifest.Root.At("metadata", "annotations"), manifest.PodTemplate.At("metadata", "annotations") }
            from entry in node.Entries()
            select (manifest, entry);

        var notStrings = annotations.Where(a => !a.entry.Value.IsString()).Select(a => $"{a.manifest}: {a.entry.Key}").ToList();

        Assert.NotEmpty(annotations);
        Assert.True(notStrings.Count == 0, "Annotation values that YAML reads as bool, number or null: " + string.Join(", ", notStrings));
    }

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Workload_EachService_MountsTheSharedCacheClaimAtVarLibCvr(string appId)
    {
        var pod = chart.Defaults.Service(appId).PodTemplate;
        var mount = pod.At("spec", "containers").ItemWith("name", appId).At("volumeMounts").ItemWith("mountPath", "/var/lib/cvr");
        var volume = pod.At("spec", "volumes").ItemWith("name", mount.At("name").Text() ?? "");
        var claim = chart.Defaults.Single("PersistentVolumeClaim", volume.At("persistentVolumeClaim", "claimName").Text() ?? "");

        Assert.Equal("cvr-cache", claim.Name);
        Assert.Equal(["ReadWriteOnce"], claim.Root.At("spec", "accessModes").Texts());
        Assert.Equal("local-path", claim.Root.At("spec", "storageClassName").Text());
        // Only the catalog, which merely serves what is in the cache, may have it read-only.
        Assert.Equal(appId == "catalog" ? "true" : null, mount.At("readOnly").Text());
    }

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Workload_EachService_IsProbedOnAliveAndHealth(string appId)
    {
        var container = chart.Defaults.Service(appId).Containers.ItemWith("name", appId);

        Assert.Equal("/alive", container.At("livenessProbe", "httpGet", "path").Text());
        Assert.Equal("/alive", container.At("startupProbe", "httpGet", "path").Text());
        Assert.Equal("/health", container.At("readinessProbe", "httpGet", "path").Text());
        Assert.All(
            new[] { "livenessProbe", "startupProbe", "readinessProbe" },
            probe => Assert.Equal("http", container.At(probe, "httpGet", "port").Text()));
    }

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Workload_EachService_RunsInDaprModeOnTheCacheFolder(string appId)
    {
        var deployment = chart.Defaults.Service(appId);
        var env = deployment.Containers.ItemWith("name", appId).At("env");

        Assert.Equal("Dapr", env.ItemWith("name", "Cvr__Mode").At("value").Text());
        Assert.Equal("/var/lib/cvr", env.ItemWith("name", "Cvr__Data").At("value").Text());
        Assert.Equal("pubsub", env.ItemWith("name", "Cvr__PubSubName").At("value").Text());
        Assert.Equal("statestore", env.ItemWith("name", "Cvr__StateStoreName").At("value").Text());
        Assert.Equal("1", deployment.Root.At("spec", "replicas").Text());
        Assert.Equal("Recreate", deployment.Root.At("spec", "strategy", "type").Text());
    }

    [Fact]
    public void Workloads_FourServices_AreKeptOnOneNode()
    {
        var groups = ChartRenders.AppIds.Select(id =>
        {
            var pod = chart.Defaults.Service(id).PodTemplate;
            var term = pod.At("spec", "affinity", "podAffinity", "requiredDuringSchedulingIgnoredDuringExecution").Items().Single();
            Assert.Equal("kubernetes.io/hostname", term.At("topologyKey").Text());
            var (label, value) = term.At("labelSelector", "matchLabels").Entries().Single();
            Assert.Equal(value.Text(), pod.At("metadata", "labels", label).Text());
            return $"{label}={value.Text()}";
        });

        Assert.Single(groups.Distinct());
    }

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Workload_EachService_SharesItsAppTokenWithItsSidecar(string appId)
    {
        var pod = chart.Defaults.Service(appId).PodTemplate;
        var token = pod.At("spec", "containers").ItemWith("name", appId).At("env").ItemWith("name", "APP_API_TOKEN");

        Assert.Equal(pod.At("metadata", "annotations", "dapr.io/app-token-secret").Text(), token.At("valueFrom", "secretKeyRef", "name").Text());
        Assert.Equal("token", token.At("valueFrom", "secretKeyRef", "key").Text());
    }

    [Fact]
    public void Ingest_CacheRoot_IsOnTheCacheVolume()
    {
        var env = chart.Defaults.Service("ingest").Containers.ItemWith("name", "ingest").At("env");

        Assert.Equal("/var/lib/cvr/cache", env.ItemWith("name", "Ingest__CacheRoot").At("value").Text());
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("catalog")]
    public void KeyRing_OfTheIngestAndTheCatalog_IsFromTheKeyRingSecretReadOnly(string appId)
    {
        var pod = chart.Defaults.Service(appId).PodTemplate;
        var container = pod.At("spec", "containers").ItemWith("name", appId);
        var env = container.At("env");
        var certificate = env.ItemWith("name", "KeyRing__CertificatePath").At("value").Text() ?? "";
        var key = env.ItemWith("name", "KeyRing__PrivateKeyPath").At("value").Text() ?? "";
        var mount = container.At("volumeMounts").Items().Single(m => certificate.StartsWith((m.At("mountPath").Text() ?? "") + "/", StringComparison.Ordinal));
        var volume = pod.At("spec", "volumes").ItemWith("name", mount.At("name").Text() ?? "");

        Assert.Equal(Path.GetDirectoryName(certificate), Path.GetDirectoryName(key));
        Assert.Equal("true", mount.At("readOnly").Text());
        Assert.Equal("cvr-key-ring", volume.At("secret", "secretName").Text());
        Assert.All(ChartRenders.AppIds.Where(id => id is not ("ingest" or "catalog")), id =>
            Assert.Null(chart.Defaults.Service(id).Containers.ItemWith("name", id).At("env").ItemWith("name", "KeyRing__CertificatePath")));
    }
}
