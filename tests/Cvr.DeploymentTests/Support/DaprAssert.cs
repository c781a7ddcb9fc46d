using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Cvr.DeploymentTests.Support;

/// <summary>Checks that hold for Dapr resources wherever they come from: components/ or the chart.</summary>
public static partial class DaprAssert
{
    /// <summary>Metadata that names a secret carries a secretKeyRef and no value.</summary>
    public static void SecretsByReference(Manifest component)
    {
        var secrets = component.Root.At("spec", "metadata").Items()
            .Where(m => SecretMetadata().IsMatch(m.At("name").Text() ?? ""))
            .ToList();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, m =>
        {
            Assert.True(m.At("value") is null, $"{component}: {m.At("name").Text()} has a plain value");
            Assert.False(string.IsNullOrEmpty(m.At("secretKeyRef", "name").Text()), $"{component}: {m.At("name").Text()} is no secretKeyRef");
            Assert.False(string.IsNullOrEmpty(m.At("secretKeyRef", "key").Text()), $"{component}: {m.At("name").Text()} names no key");
        });
    }

    /// <summary>
    /// Without an inbound retry policy daprd dead-letters a message on its first failed delivery; and the
    /// retries must end before Redis's processingTimeout hands the same message out a second time.
    /// </summary>
    public static void DeliveriesRetriedWithinProcessingTimeout(YamlNode resiliency, YamlNode pubsub)
    {
        var pubsubName = pubsub.At("metadata", "name").Text() ?? "";
        var inbound = resiliency.At("spec", "targets", "components", pubsubName, "inbound");
        var retry = resiliency.At("spec", "policies", "retries", inbound.At("retry").Text() ?? "");
        var timeout = Yaml.Duration(resiliency.At("spec", "policies", "timeouts", inbound.At("timeout").Text() ?? "").Text() ?? "");
        var retries = int.Parse(retry.At("maxRetries").Text() ?? "", CultureInfo.InvariantCulture);
        var longestWait = Yaml.Duration(retry.At("maxInterval").Text() ?? retry.At("duration").Text() ?? "");
        var processingTimeout = Yaml.Duration(pubsub.At("spec", "metadata").ItemWith("name", "processingTimeout").At("value").Text() ?? "");

        Assert.InRange(retries, 3, 100);
        Assert.Null(inbound.At("circuitBreaker"));
        var worstCase = (retries * longestWait) + ((retries + 1) * timeout);
        Assert.True(worstCase < processingTimeout, $"Retries may take {worstCase}, longer than processingTimeout {processingTimeout}");
        Assert.NotNull(resiliency.At("spec", "targets", "components", pubsubName, "outbound", "retry"));
        Assert.NotNull(resiliency.At("spec", "targets", "components", pubsubName, "outbound", "circuitBreaker"));
    }

    [GeneratedRegex("(?i)password|secret|token|connectionstring|accesskey|clientkey")]
    private static partial Regex SecretMetadata();
}
