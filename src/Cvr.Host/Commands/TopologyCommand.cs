using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary><c>cvr topology set|list|get|delete</c>: LVA graph topologies on a running Cvr.</summary>
public static class TopologyCommand
{
    public const string Usage = "cvr topology set FILE [--name NAME] | list | get NAME | delete NAME  [--url URL]";

    private static readonly CommandSyntax SetSyntax = new("cvr topology set FILE [--name NAME] [--url URL]", ["FILE"], ["name", "url"]);
    private static readonly CommandSyntax ListSyntax = new("cvr topology list [--url URL]", [], ["url"]);
    private static readonly CommandSyntax GetSyntax = new("cvr topology get NAME [--url URL]", ["NAME"], ["url"]);
    private static readonly CommandSyntax DeleteSyntax = new("cvr topology delete NAME [--url URL]", ["NAME"], ["url"]);

    public static Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        return args.FirstOrDefault() switch
        {
            "set" => SetAsync(CommandOptions.Parse(args[1..], SetSyntax), output, ct),
            "list" => ListAsync(CommandOptions.Parse(args[1..], ListSyntax), output, ct),
            "get" => GetAsync(CommandOptions.Parse(args[1..], GetSyntax), output, ct),
            "delete" => DeleteAsync(CommandOptions.Parse(args[1..], DeleteSyntax), output, ct),
            null => throw new CommandLineException($"usage: {Usage}"),
            var other => throw new CommandLineException($"unknown command 'topology {other}'; usage: {Usage}"),
        };
    }

    /// <summary>The rows of <c>cvr topology list</c>: NAME, API, PARAMETERS (required ones starred), DESCRIPTION.</summary>
    public static IReadOnlyList<string> Table(JsonNode? list) =>
        TextTable.Lines(
            ["NAME", "API", "PARAMETERS", "DESCRIPTION"],
            JsonFields.Items(list).Select(t => (IReadOnlyList<string>)
            [
                JsonFields.Text(t["name"]) ?? "?",
                JsonFields.Text(t["@apiVersion"]) ?? string.Empty,
                string.Join(", ", (JsonFields.Property(t, "parameters") as JsonArray ?? []).OfType<JsonObject>().Select(Parameter)),
                JsonFields.Text(JsonFields.Property(t, "description")) ?? string.Empty,
            ]));

    private static async Task<int> SetAsync(CommandOptions options, TextWriter output, CancellationToken ct)
    {
        using var cvr = CvrClient.Create(options, CvrClient.ShortTimeout);
        var file = options.Argument(0);
        var topology = await JsonFile.ReadObjectAsync(file, ct).ConfigureAwait(false);
        var name = options.Get("name") ?? JsonFields.Text(topology["name"])
            ?? throw new CommandLineException($"{file} has no \"name\"; give one with --name NAME");
        var answer = await cvr.CallAsync(HttpMethod.Put, Path(name), topology, ct).ConfigureAwait(false);
        await output.WriteLineAsync($"topology {name} {(answer.Status == 201 ? "created" : "updated")}").ConfigureAwait(false);
        return 0;
    }

    private static Task<int> ListAsync(CommandOptions options, TextWriter output, CancellationToken ct) =>
        ResourceCommands.ListAsync(options, output, "api/graphTopologies", "no graph topologies", Table, ct);

    private static Task<int> GetAsync(CommandOptions options, TextWriter output, CancellationToken ct) =>
        ResourceCommands.GetAsync(options, output, Path(options.Argument(0)), ct);

    private static async Task<int> DeleteAsync(CommandOptions options, TextWriter output, CancellationToken ct)
    {
        using var cvr = CvrClient.Create(options, CvrClient.ShortTimeout);
        var name = options.Argument(0);
        await cvr.CallAsync(HttpMethod.Delete, Path(name), null, ct).ConfigureAwait(false);
        await output.WriteLineAsync($"topology {name} deleted").ConfigureAwait(false);
        return 0;
    }

    // A declared parameter without a default must be given by every instance.
    private static string Parameter(JsonObject declaration) =>
        (JsonFields.Text(declaration["name"]) ?? "?") + (declaration.ContainsKey("default") ? string.Empty : "*");

    private static string Path(string name) => $"api/graphTopologies/{Uri.EscapeDataString(name)}";
}
