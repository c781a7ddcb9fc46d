using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cvr.Ingest.Management;

/// <summary>
/// LVA's direct methods over HTTP: <c>POST /api/methods/{methodName}</c> with the method's payload. Like IoT
/// Hub's method invocation, every call that reaches a method answers HTTP 200 with <c>{ status, payload }</c>,
/// LVA's status and payload (errors in LVA's OData shape), so an LVA script needs only the address changed.
/// </summary>
public static class DirectMethodApi
{
    public static readonly IReadOnlyList<string> Methods =
    [
        "GraphTopologySet", "GraphTopologyGet", "GraphTopologyList", "GraphTopologyDelete",
        "GraphInstanceSet", "GraphInstanceGet", "GraphInstanceList", "GraphInstanceDelete", "GraphInstanceActivate", "GraphInstanceDeactivate",
    ];

    public static IEndpointRouteBuilder MapDirectMethods(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/methods/{methodName}", InvokeAsync).WithTags("LVA direct methods").WithMetadata(new RequestSizeLimitAttribute(RequestBody.MaxBytes))
            .Accepts<JsonObject>("application/json").Produces<JsonObject>(StatusCodes.Status200OK).WithSummary("Invokes an LVA direct method (GraphTopologySet … GraphInstanceDeactivate); answers {status, payload} as LVA did.");
        return endpoints;
    }

    private static async Task<JsonHttpResult<JsonObject>> InvokeAsync(string methodName, HttpRequest request, [AsParameters] GraphOperations graphs, CancellationToken ct)
    {
        var (payload, error) = await RequestBody.ReadAsync(request, ct, whenEmpty: []).ConfigureAwait(false);
        var result = error is not null ? ManagementResult.Failed(error) : await DispatchAsync(methodName, payload!, graphs, ct).ConfigureAwait(false);
        return TypedResults.Json(Envelope(result));
    }

    public static async Task<ManagementResult> DispatchAsync(string methodName, JsonObject payload, GraphOperations graphs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(graphs);
        var method = Methods.FirstOrDefault(m => string.Equals(m, methodName, StringComparison.OrdinalIgnoreCase));
        if (method is null)
        {
            return ManagementError.BadRequest("methodName", $"Unknown method '{Shorten(methodName)}'; Cvr answers {string.Join(", ", Methods)}.");
        }

        try
        {
            ApiVersions.Check(payload["@apiVersion"], "$.@apiVersion", required: true);
        }
        catch (GraphValidationException ex)
        {
            return ManagementError.ForValidation(ex, null);
        }

        if (method.EndsWith("List", StringComparison.Ordinal) && payload["@query"] is { } query && !IsNameOrder(query))
        {
            return ManagementError.BadRequest("$.@query", "@query supports only '$orderby=name asc' (lists are always in name order).");
        }

        var name = Json.Text(payload["name"]);
        var body = (JsonObject)payload.DeepClone();
        var result = method switch
        {
            "GraphTopologyList" => await graphs.Topologies.ListAsync(ct).ConfigureAwait(false),
            "GraphTopologyGet" => await graphs.Topologies.GetAsync(name, ct).ConfigureAwait(false),
            "GraphTopologySet" => await graphs.Topologies.SetAsync(name, body, ct).ConfigureAwait(false),
            "GraphTopologyDelete" => await graphs.Topologies.DeleteAsync(name, ct).ConfigureAwait(false),
            "GraphInstanceList" => await graphs.Instances.ListAsync(ct).ConfigureAwait(false),
            "GraphInstanceGet" => await graphs.Instances.GetAsync(name, ct).ConfigureAwait(false),
            "GraphInstanceSet" => await graphs.Instances.SetAsync(name, body, ct).ConfigureAwait(false),
            "GraphInstanceDelete" => await graphs.Instances.DeleteAsync(name, ct).ConfigureAwait(false),
            "GraphInstanceActivate" => await graphs.Lifecycle.ActivateAsync(name, ct).ConfigureAwait(false),
            _ => await graphs.Lifecycle.DeactivateAsync(name, ct).ConfigureAwait(false),
        };

        // LVA answers activation and deactivation with an empty payload.
        return result.Succeeded && method is "GraphInstanceActivate" or "GraphInstanceDeactivate" ? ManagementResult.Ok(null) : result;
    }

    /// <summary>LVA's answer: <c>{ status, payload }</c>, with an OData error as the payload of a failure.</summary>
    public static JsonObject Envelope(ManagementResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        JsonNode? payload = result.Payload?.DeepClone();
        if (result.Error is { } error)
        {
            var failure = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
            if (error.Details.Count > 0)
            {
                failure["details"] = new JsonArray([.. error.Details.Select(d => (JsonNode)new JsonObject { ["code"] = d.Code, ["target"] = d.Target, ["message"] = d.Message })]);
            }

            payload = new JsonObject { ["error"] = failure };
        }

        return new JsonObject { ["status"] = result.Status, ["payload"] = payload };
    }

    private static bool IsNameOrder(JsonNode query) =>
        Json.Text(query) is { } text && string.Equals(string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)), "$orderby=name asc", StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
