using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary><c>cvr instance set|list|get|activate|deactivate|delete</c>: LVA graph instances on a running Cvr.</summary>
public static class InstanceCommand
{
    public const string Usage = "cvr instance set NAME --topology T [--param K=V]... | list | get NAME | activate NAME | deactivate NAME | delete NAME  [--url URL]";

    private static readonly CommandSyntax SetSyntax = new(
        "cvr instance set NAME --topology T [--param K=V]... [--description TEXT] [--url URL]", ["NAME"], ["topology", "param", "description", "url"]);

    private static readonly CommandSyntax ListSyntax = new("cvr instance list [--url URL]", [], ["url"]);

    public static Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        return args.FirstOrDefault() switch
        {
            "set" => SetAsync(CommandOptions.Parse(args[1..], SetSyntax), output, ct),
            "list" => ListAsync(CommandOptions.Parse(args[1..], ListSyntax), output, ct),
            "get" => GetAsync(CommandOptions.Parse(args[1..], NameSyntax("get")), output, ct),
            "delete" => ChangeAsync(HttpMethod.Delete, string.Empty, "deleted", CommandOptions.Parse(args[1..], NameSyntax("delete")), output, ct),
            "activate" => ChangeAsync(HttpMethod.Post, "/activate", "activated", CommandOptions.Parse(args[1..], NameSyntax("activate")), output, ct),
            "deactivate" => ChangeAsync(HttpMethod.Post, "/deactivate", "deactivated", CommandOptions.Parse(args[1..], NameSyntax("deactivate")), output, ct),
            null => throw new CommandLineException($"usage: {Usage}"),
            var other => throw new CommandLineException($"unknown command 'instance {other}'; usage: {Usage}"),
        };
    }

    /// <summary>The body of <c>PUT /api/graphInstances/NAME</c> from the command line.</summary>
    public static JsonObject Body(string name, string topology, IEnumerable<string> parameters, string? description)
    {
        var properties = new JsonObject { ["topologyName"] = topology };
        if (description is not null)
        {
            properties["description"] = description;
        }

        properties["parameters"] = Parameters(parameters);
        return new JsonObject { ["name"] = name, ["properties"] = properties };
    }

    /// <summary><c>K=V</c> arguments as LVA's <c>[{"name":K,"value":V}]</c>; the value is everything after the first '='.</summary>
    public static JsonArray Parameters(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new JsonArray();
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CommandLineException($"--param '{argument}' is not NAME=VALUE; usage: {SetSyntax.Usage}");
            }

            var name = argument[..equals];
            if (!seen.Add(name))
            {
                throw new CommandLineException($"--param {name} is given twice");
            }

            list.Add(new JsonObject { ["name"] = name, ["value"] = argument[(equals + 1)..] });
        }

        return list;
    }

    /// <summary>The rows of <c>cvr instance list</c>: NAME, TOPOLOGY, STATE, CAMERA (the recorder's connection).</summary>
    public static IReadOnlyList<string> Table(JsonNode? list) =>
        TextTable.Lines(
            ["NAME", "TOPOLOGY", "STATE", "CAMERA"],
            JsonFields.Items(list).Select(i => (IReadOnlyList<string>)
            [
                JsonFields.Text(i["name"]) ?? "?",
                JsonFields.Text(JsonFields.Property(i, "topologyName")) ?? string.Empty,
                JsonFields.Text(JsonFields.Property(i, "state")) ?? string.Empty,
                Camera(JsonFields.Property(i, "recording") as JsonObject),
            ]));

    private static async Task<int> SetAsync(CommandOptions options, TextWriter output, CancellationToken ct)
    {
        var name = options.Argument(0);
        var topology = options.Get("topology") ?? throw new CommandLineException($"missing --topology T; usage: {SetSyntax.Usage}");
        var body = Body(name, topology, options.GetAll("param"), options.Get("description"));
        using var cvr = CvrClient.Create(options, CvrClient.ShortTimeout);
        var answer = await cvr.CallAsync(HttpMethod.Put, Path(name), body, ct).ConfigureAwait(false);
        await output.WriteLineAsync($"instance {name} {(answer.Status == 201 ? "created" : "updated")}").ConfigureAwait(false);
        return 0;
    }

    private static Task<int> ListAsync(CommandOptions options, TextWriter output, CancellationToken ct) =>
        ResourceCommands.ListAsync(options, output, "api/graphInstances", "no graph instances", Table, ct);

    private static Task<int> GetAsync(CommandOptions options, TextWriter output, CancellationToken ct) =>
        ResourceCommands.GetAsync(options, output, Path(options.Argument(0)), ct);

    // Deactivation waits until the instance's cache is flushed, hence the long timeout for all three.
    private static async Task<int> ChangeAsync(HttpMethod method, string action, string done, CommandOptions options, TextWriter output, CancellationToken ct)
    {
        using var cvr = CvrClient.Create(options, CvrClient.LongTimeout);
        var name = options.Argument(0);
        await cvr.CallAsync(method, Path(name) + action, null, ct).ConfigureAwait(false);
        await output.WriteLineAsync($"instance {name} {done}").ConfigureAwait(false);
        return 0;
    }

    private static string Camera(JsonObject? recording)
    {
        var connection = JsonFields.Text(recording?["connection"]);
        var reason = JsonFields.Text(recording?["lastDisconnectReason"]);
        return connection switch
        {
            null => "-",
            "Reconnecting" when reason is not null => $"Reconnecting ({reason})",
            _ => connection,
        };
    }

    private static CommandSyntax NameSyntax(string verb) => new($"cvr instance {verb} NAME [--url URL]", ["NAME"], ["url"]);

    private static string Path(string name) => $"api/graphInstances/{Uri.EscapeDataString(name)}";
}
