using System.Text.RegularExpressions;

namespace Cvr.Ingest.Management;

/// <summary>The <c>${name}</c> references in a topology's strings, and their substitution.</summary>
public static partial class ParameterText
{
    /// <summary>The names referenced in the text, in order; an unterminated <c>${</c> is an error at <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> References(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = Reference().Matches(text).Select(m => m.Groups[1].Value).ToList();
        if (Reference().Replace(text, string.Empty).Contains("${", StringComparison.Ordinal))
        {
            throw new GraphValidationException(path, $"{path} has a '${{' without a closing '}}' (or an empty or nested name).");
        }

        return names;
    }

    /// <summary>The names referenced in the text, without checking it (for text already validated).</summary>
    public static IEnumerable<string> NamesIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Reference().Matches(text).Select(m => m.Groups[1].Value);
    }

    /// <summary>The text with its references taken out: what is written out.</summary>
    public static string WithoutReferences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Reference().Replace(text, string.Empty);
    }

    public static string Substitute(string text, IReadOnlyDictionary<string, string> values, string path)
    {
        ArgumentNullException.ThrowIfNull(values);
        _ = References(text, path);
        return Reference().Replace(text, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new GraphValidationException(path, $"'${{{match.Groups[1].Value}}}' is used at {path} but not declared in properties.parameters."));
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9_.-]+)\}")]
    private static partial Regex Reference();
}
