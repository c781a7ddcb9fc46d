using YamlDotNet.RepresentationModel;

namespace Cvr.DeploymentTests.Support;

/// <summary>
/// A Kubernetes label selector (matchLabels and matchExpressions) evaluated against a set of labels,
/// as the API server and a NetworkPolicy controller evaluate it.
/// </summary>
public static class LabelSelector
{
    public static bool Matches(YamlNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (selector is null)
        {
            return false;
        }

        var matchLabels = selector.At("matchLabels").Entries()
            .All(e => labels.TryGetValue(e.Key, out var value) && value == e.Value.Text());
        var matchExpressions = selector.At("matchExpressions").Items().All(e => ExpressionMatches(e, labels));
        return matchLabels && matchExpressions;
    }

    /// <summary>The labels of a workload's pods.</summary>
    public static IReadOnlyDictionary<string, string> PodLabels(Manifest workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload.PodTemplate.At("metadata", "labels").Entries().ToDictionary(e => e.Key, e => e.Value.Text() ?? "");
    }

    private static bool ExpressionMatches(YamlNode expression, IReadOnlyDictionary<string, string> labels)
    {
        var key = expression.At("key").Text() ?? "";
        var values = expression.At("values").Texts();
        var has = labels.TryGetValue(key, out var value);
        return expression.At("operator").Text() switch
        {
            "In" => has && values.Contains(value),
            "NotIn" => !has || !values.Contains(value),
            "Exists" => has,
            "DoesNotExist" => !has,
            var other => throw new Xunit.Sdk.XunitException($"Unknown selector operator {other}"),
        };
    }
}
