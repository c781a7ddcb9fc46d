using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>One HTTP answer from Cvr: its status and its body, parsed when it is JSON.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The JSON body, or null when it was empty or not JSON.</param>
/// <param name="Text">The body as text.</param>
public sealed record ApiAnswer(int Status, JsonNode? Body, string Text)
{
    // For people reading a terminal: indented, and quotes or '+' left as they are.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>One line saying why a failed answer failed (ProblemDetails or LVA's error shape), for <c>cvr: …</c>.</summary>
    public string Reason => ProblemText.Describe(Status, Body, Text);

    /// <summary>The body as indented JSON (or as it came, when it is not JSON).</summary>
    public string IndentedBody => Body?.ToJsonString(Indented) ?? Text;
}
