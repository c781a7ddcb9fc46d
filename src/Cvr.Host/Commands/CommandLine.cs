namespace Cvr.Host.Commands;

/// <summary>Dispatches <c>cvr COMMAND …</c>. Errors are one line on stderr and a non-zero exit code.</summary>
public static class CommandLine
{
    /// <summary>Cvr answered and refused (a 4xx answer), or an operation of <c>cvr ops run</c> failed.</summary>
    public const int Refused = 1;

    /// <summary>The command line cannot be run: unknown command or option, a missing or unreadable FILE.</summary>
    public const int Usage = 2;

    /// <summary>Cvr could not be reached at <c>--url</c>, or did not answer in time.</summary>
    public const int Unreachable = 3;

    /// <summary>Cvr answered <c>cvr status</c>, and a camera is unhealthy.</summary>
    public const int Unhealthy = StatusCommand.Unhealthy;

    public const string Help = """
        Usage: cvr COMMAND [options]

        Run Cvr:
          serve     Run all Cvr services in one process (in-process bus, embedded SQLite).
                      --urls URL           where the API listens (default http://127.0.0.1:8080)
                      --data DIR           database, default cache root and default asset folder (default ./data)
                      --asset-store VALUE  a folder, or an Azure Storage connection string (default DIR/assets)
          catalog rebuild
                    Rebuild the catalog from the asset store's listing (with serve stopped).
                      --data DIR, --asset-store VALUE as for serve
          keys show | rotate --data DIR [--role operator|viewer]
                    Print the API keys (one line per role: "operator: KEY", "viewer: KEY"); rotate makes
                    new ones first (both roles unless --role) and a running serve accepts only those.

        Manage a running Cvr (each takes --url URL; default $CVR_URL, else http://127.0.0.1:8080; the key
        sent is $CVR_API_KEY, else the operator key of the data folder $CVR_DATA, else ./data):
          topology set FILE [--name NAME]
                    Create or update an LVA graph topology from a JSON file (its "name" unless --name).
          topology list | get NAME | delete NAME
          instance set NAME --topology T [--param K=V]... [--description TEXT]
                    Create or update a graph instance; --param repeats, the value is all after the first '='.
          instance list | get NAME | activate NAME | deactivate NAME | delete NAME
                    deactivate returns once the instance's cache is flushed, which can take minutes.
          ops run FILE [--no-wait] [--keep-going]
                    Replay an LVA operations file ({"apiVersion", "operations": [{"opName", "opParams"}]})
                    as direct methods. topologyUrl may be a path (relative to FILE), a file:// or http(s)://
                    URL. WaitForInput waits for Enter unless --no-wait. Stops at the first failed operation
                    unless --keep-going.

          export ASSET --start TIME --end TIME -o FILE [--gaps skip]
                    Export [start, end) of an asset (at most 24 h) as one MP4 into FILE: Cvr makes it as a
                    job (progress shown), then it is downloaded. Interrupted, the same command continues
                    where it stopped (FILE.part and FILE.export hold the download and its job).

          status    Per camera: state, share of the last hour recorded, upload lag, outage headroom, last
                    error (docs/observability.md). Exits 4 when a camera is unhealthy: down > 5 min,
                    recorded < 99 %, headroom < 15 min or uploads lagging > 1 h.

          help      Show this text.

        Exit codes: 0 done; 1 Cvr refused (the reason and field are shown) or an operation failed;
                    2 usage error or unreadable FILE; 3 Cvr cannot be reached; 4 a camera is unhealthy (status).
        """;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            await output.WriteLineAsync(Help).ConfigureAwait(false);
            return args.Length == 0 ? Usage : 0;
        }

        try
        {
            return args[0] switch
            {
                "serve" => await ServeCommand.RunAsync(CommandOptions.Parse(args[1..], ServeCommand.Options), output).ConfigureAwait(false),
                "catalog" when args.Length > 1 && args[1] == "rebuild" =>
                    await CatalogRebuildCommand.RunAsync(CommandOptions.Parse(args[2..], CatalogRebuildCommand.Options), output, TimeProvider.System, ct).ConfigureAwait(false),
                "catalog" => throw new CommandLineException("usage: cvr catalog rebuild --data DIR [--asset-store VALUE]"),
                "topology" => await TopologyCommand.RunAsync(args[1..], output, ct).ConfigureAwait(false),
                "instance" => await InstanceCommand.RunAsync(args[1..], output, ct).ConfigureAwait(false),
                "ops" => await OperationsCommand.RunAsync(args[1..], input, output, error, ct).ConfigureAwait(false),
                "keys" => await KeysCommand.RunAsync(args[1..], output, ct).ConfigureAwait(false),
                "export" => await ExportCommand.RunAsync(args[1..], output, error, interactive: ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected, ct).ConfigureAwait(false),
                "status" => await StatusCommand.RunAsync(CommandOptions.Parse(args[1..], StatusCommand.Syntax), output, TimeProvider.System, ct).ConfigureAwait(false),
                _ => throw new CommandLineException($"unknown command '{args[0]}'; run 'cvr help'"),
            };
        }
        catch (CommandLineException ex)
        {
            return await FailAsync(error, ex.Message, Usage).ConfigureAwait(false);
        }
        catch (ServerRefusedException ex)
        {
            return await FailAsync(error, ex.Message, Refused).ConfigureAwait(false);
        }
        catch (ServerUnreachableException ex)
        {
            return await FailAsync(error, ex.Message, Unreachable).ConfigureAwait(false);
        }
    }

    private static async Task<int> FailAsync(TextWriter error, string message, int exitCode)
    {
        await error.WriteLineAsync($"cvr: {message}").ConfigureAwait(false);
        return exitCode;
    }
}
