using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>
/// An LVA operations file (<c>{"apiVersion":"2.0","operations":[{"opName","opParams"}]}</c>), as LVA's
/// samples replay them: each operation is a direct method call, its payload the parameters.
/// </summary>
public sealed class OperationsFile
{
    private OperationsFile(string path, string? apiVersion, IReadOnlyList<Operation> operations)
    {
        Path = path;
        ApiVersion = apiVersion;
        Operations = operations;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    public string? ApiVersion { get; }

    public IReadOnlyList<Operation> Operations { get; }

    public static async Task<OperationsFile> LoadAsync(string path, CancellationToken ct)
    {
        var json = await JsonFile.ReadObjectAsync(path, ct).ConfigureAwait(false);
        if (json["operations"] is not JsonArray list)
        {
            throw new CommandLineException($"{path} has no \"operations\" array");
        }

        var operations = new List<Operation>();
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i] as JsonObject ?? throw new CommandLineException($"{path}: operations[{i}] is not an object");
            var name = JsonFields.Text(item["opName"]) ?? throw new CommandLineException($"{path}: operations[{i}] has no opName");
            var parameters = item["opParams"] switch
            {
                null => [],
                JsonObject given => (JsonObject)given.DeepClone(),
                _ => throw new CommandLineException($"{path}: operations[{i}].opParams is not an object"),
            };
            operations.Add(new Operation(name, parameters));
        }

        return new OperationsFile(System.IO.Path.GetFullPath(path), JsonFields.Text(json["apiVersion"]), operations);
    }

    /// <summary>
    /// What to send for <paramref name="operation"/>: its parameters with the file's <c>@apiVersion</c>, and
    /// for GraphTopologySet with a <c>topologyUrl</c> (or <c>topologyFile</c>), the topology it names instead.
    /// </summary>
    public async Task<JsonObject> PayloadAsync(Operation operation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var payload = (JsonObject)operation.Parameters.DeepClone();
        if (operation.Name == Operation.TopologySet
            && (JsonFields.Text(payload["topologyUrl"]) ?? JsonFields.Text(payload["topologyFile"])) is { } reference)
        {
            payload = await TopologyReference.LoadAsync(reference, System.IO.Path.GetDirectoryName(Path)!, ct).ConfigureAwait(false);
        }

        if (ApiVersion is not null && !payload.ContainsKey("@apiVersion"))
        {
            payload["@apiVersion"] = ApiVersion;
        }

        return payload;
    }
}
