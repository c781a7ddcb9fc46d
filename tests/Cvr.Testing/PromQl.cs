using System.Text.RegularExpressions;

namespace Cvr.Testing;

/// <summary>What a PromQL expression of Cvr's dashboard or alerts reads, and where those expressions are.</summary>
public static partial class PromQl
{
    public static string AlertsFile => Path.Combine(RepositoryPaths.Root, "deploy", "k8s", "cvr", "monitoring", "alerts.yaml");

    public static string DashboardFile => Path.Combine(RepositoryPaths.Root, "deploy", "k8s", "cvr", "monitoring", "cvr-recording.json");

    /// <summary>
    /// The Cvr metric names an expression reads: a <c>cvr_</c> name before a selector or range
    /// (<c>{</c>, <c>[</c>) or alone in parentheses, not a label inside <c>by (…)</c>.
    /// </summary>
    public static IReadOnlySet<string> MetricNames(string expression) =>
        MetricName().Matches(expression).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every expression of the alert rules (<c>expr:</c>) and of the dashboard (<c>"expr":</c>).</summary>
    public static IReadOnlyList<string> ExpressionsIn(string file) =>
        [.. Expression().Matches(File.ReadAllText(file)).Select(m => m.Groups["expr"].Value.Replace("\\\"", "\"", StringComparison.Ordinal))];

    [GeneratedRegex(@"\bcvr_[a-z_]+(?=\s*[\{\[])|(?<!by\s*\()(?<=\()cvr_[a-z_]+(?=\))")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"(?m)(^\s*expr:\s*(?<expr>.+)$)|(""expr"":\s*""(?<expr>(\\.|[^""\\])*)"")")]
    private static partial Regex Expression();
}
