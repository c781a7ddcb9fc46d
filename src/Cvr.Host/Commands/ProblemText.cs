using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>
/// Says in words why Cvr refused something, from either error shape it answers with: ASP.NET's
/// ProblemDetails (<c>detail</c>, <c>errors</c> by field) or LVA's OData error (<c>error.details[].target</c>).
/// </summary>
public static class ProblemText
{
    private const int MaxTextLength = 200;

    /// <summary>One line: the message, then the fields it concerns in brackets.</summary>
    public static string Describe(int status, JsonNode? body, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (LvaError(body) is { } error)
        {
            return error.Details.Count == 0 ? error.Headline : $"{error.Headline} [{string.Join("; ", error.Details)}]";
        }

        if (body is JsonObject problem && (Text(problem["detail"]) ?? Text(problem["title"])) is { } headline)
        {
            var fields = Fields(problem["errors"] as JsonObject, headline).ToList();
            return fields.Count == 0 ? headline : $"{headline} [{string.Join("; ", fields)}]";
        }

        var first = text.Split('\n', 2)[0].Trim();
        return first.Length == 0 ? $"HTTP {status}" : $"HTTP {status}: {(first.Length > MaxTextLength ? first[..MaxTextLength] + "…" : first)}";
    }

    /// <summary>LVA's <c>{"error":{"code","message","details":[{"target","message"}]}}</c>, or null when the body is not one.</summary>
    public static (string Headline, IReadOnlyList<string> Details)? LvaError(JsonNode? body)
    {
        if ((body as JsonObject)?["error"] is not JsonObject error)
        {
            return null;
        }

        var code = Text(error["code"]);
        var message = Text(error["message"]) ?? "no message";
        var details = (error["details"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(d => Text(d["target"]) is { } target ? $"{target}: {Text(d["message"])}" : Text(d["message"]) ?? string.Empty)
            .Where(d => d.Length > 0)
            .ToList();
        return (code is null ? message : $"{code}: {message}", details);
    }

    /// <summary>Each field of a ProblemDetails <c>errors</c> object, with its messages unless they only repeat the headline.</summary>
    private static IEnumerable<string> Fields(JsonObject? errors, string headline)
    {
        foreach (var (field, messages) in errors ?? [])
        {
            var extra = (messages as JsonArray ?? []).Select(Text).OfType<string>().Where(m => m != headline).ToList();
            yield return extra.Count == 0 ? field : $"{field}: {string.Join(" ", extra)}";
        }
    }

    private static string? Text(JsonNode? node) => JsonFields.Text(node) is { Length: > 0 } text ? text : null;
}
