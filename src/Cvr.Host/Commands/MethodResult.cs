using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>
/// The outcome of one direct method, as IoT Hub reports it: HTTP 200 with <c>{"status","payload"}</c>.
/// Any other HTTP answer means the call never reached a method (no such endpoint, body too large).
/// </summary>
/// <param name="Status">The method's status, or the HTTP status when the call did not reach one.</param>
/// <param name="Payload">The method's payload (or the HTTP body).</param>
/// <param name="Http">The whole HTTP answer.</param>
/// <param name="ReachedMethod">Whether the answer came from a method (false: from the HTTP server itself).</param>
public sealed record MethodResult(int Status, JsonNode? Payload, ApiAnswer Http, bool ReachedMethod)
{
    private const string Indent = "      ";

    private const int MaxTextLength = 200;

    // Delete answers 204 for "there was nothing to delete": success, as in LVA.
    public bool Succeeded => Status < 400;

    public static MethodResult From(ApiAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer is { Status: 200, Body: JsonObject body } && body["status"] is JsonValue status && status.TryGetValue<int>(out var code)
            ? new MethodResult(code, body["payload"], answer, ReachedMethod: true)
            : new MethodResult(answer.Status, answer.Body, answer, ReachedMethod: false);
    }

    /// <summary>What <c>cvr ops run</c> prints: the status line, then the names of a list or the details of an error.</summary>
    public IEnumerable<string> Lines(string step, string methodName)
    {
        if (!ReachedMethod)
        {
            return [$"{step} -> HTTP {Http.Status}{NotReachedReason(methodName)}"];
        }

        if (!Succeeded)
        {
            var error = ProblemText.LvaError(Payload);
            var headline = error?.Headline ?? Shortened(Payload?.ToJsonString());
            return [headline.Length == 0 ? $"{step} -> {Status}" : $"{step} -> {Status} {headline}", .. (error?.Details ?? []).Select(d => Indent + d)];
        }

        return [$"{step} -> {Status}", .. ListLines(methodName).Select(l => Indent + l)];
    }

    // Methods answer HTTP 200 even when the method is unknown, so an HTTP 404 means no methods endpoint at all.
    private string NotReachedReason(string methodName) =>
        (Http.Text.Length > 0 ? $": {Http.Reason}" : string.Empty)
        + (Http.Status == 404 ? $" (no POST /api/methods/{methodName} here: a Cvr without direct methods?)" : string.Empty);

    private IEnumerable<string> ListLines(string methodName)
    {
        if (methodName is not ("GraphTopologyList" or "GraphInstanceList"))
        {
            return [];
        }

        var items = JsonFields.Items(Payload).ToList();
        if (items.Count == 0)
        {
            return ["(none)"];
        }

        return methodName == "GraphTopologyList"
            ? TextTable.Lines(["NAME"], items.Select(t => (IReadOnlyList<string>)[JsonFields.Text(t["name"]) ?? "?"]))
            : TextTable.Lines(["NAME", "STATE"], items.Select(i => (IReadOnlyList<string>)[JsonFields.Text(i["name"]) ?? "?", JsonFields.Text(JsonFields.Property(i, "state")) ?? string.Empty]));
    }

    private static string Shortened(string? text) =>
        text is null ? string.Empty : text.Length > MaxTextLength ? text[..MaxTextLength] + "…" : text;
}
