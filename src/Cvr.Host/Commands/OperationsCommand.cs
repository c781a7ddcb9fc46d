using System.Text.Json.Nodes;

namespace Cvr.Host.Commands;

/// <summary>
/// <c>cvr ops run FILE</c>: replays an LVA operations file against Cvr's direct methods
/// (<c>POST /api/methods/{opName}</c>), one line per operation, stopping at the first failure.
/// </summary>
public static class OperationsCommand
{
    public const string Usage = "cvr ops run FILE [--no-wait] [--keep-going] [--url URL]";

    private static readonly CommandSyntax RunSyntax = new(Usage, ["FILE"], ["url"], ["no-wait", "keep-going"]);

    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.FirstOrDefault() switch
        {
            "run" => RunFileAsync(CommandOptions.Parse(args[1..], RunSyntax), input, output, error, ct),
            null => throw new CommandLineException($"usage: {Usage}"),
            var other => throw new CommandLineException($"unknown command 'ops {other}'; usage: {Usage}"),
        };
    }

    private static async Task<int> RunFileAsync(CommandOptions options, TextReader input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        using var cvr = CvrClient.Create(options, CvrClient.LongTimeout);
        var file = await OperationsFile.LoadAsync(options.Argument(0), ct).ConfigureAwait(false);
        var operations = file.Operations;
        var failed = 0;
        for (var i = 0; i < operations.Count; i++)
        {
            var step = $"[{i + 1}/{operations.Count}] {operations[i].Name}";
            if (operations[i].Name == Operation.WaitForInput)
            {
                await WaitAsync(step, operations[i], options.Has("no-wait"), input, output, ct).ConfigureAwait(false);
            }
            else if (!await InvokeAsync(step, operations[i], file, cvr, output, ct).ConfigureAwait(false))
            {
                failed++;
                if (!options.Has("keep-going"))
                {
                    await error.WriteLineAsync($"cvr: stopped at operation {i + 1} of {operations.Count} ({operations[i].Name}); --keep-going runs the rest").ConfigureAwait(false);
                    return 1;
                }
            }
        }

        if (failed > 0)
        {
            await error.WriteLineAsync($"cvr: {failed} of {operations.Count} operations failed").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private static async Task WaitAsync(string step, Operation operation, bool skip, TextReader input, TextWriter output, CancellationToken ct)
    {
        var message = JsonFields.Text(operation.Parameters["message"]) ?? "Press Enter to continue";
        await output.WriteLineAsync(skip ? $"{step}: {message} (skipped: --no-wait)" : $"{step}: {message}").ConfigureAwait(false);
        if (!skip)
        {
            // At the end of input (null) there is nobody to wait for: go on, as if Enter was pressed.
            await input.ReadLineAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Calls one direct method and prints its outcome; false when it failed.</summary>
    private static async Task<bool> InvokeAsync(string step, Operation operation, OperationsFile file, CvrClient cvr, TextWriter output, CancellationToken ct)
    {
        JsonObject payload;
        try
        {
            payload = await file.PayloadAsync(operation, ct).ConfigureAwait(false);
        }
        catch (CommandLineException ex)
        {
            await output.WriteLineAsync($"{step} -> not sent: {ex.Message}").ConfigureAwait(false);
            return false;
        }

        var answer = await cvr.SendAsync(HttpMethod.Post, $"api/methods/{Uri.EscapeDataString(operation.Name)}", payload, ct).ConfigureAwait(false);
        var result = MethodResult.From(answer);
        foreach (var line in result.Lines(step, operation.Name))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        return result.Succeeded;
    }
}
