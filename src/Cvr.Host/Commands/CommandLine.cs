namespace Cvr.Host.Commands;

/// <summary>Dispatches <c>cvr COMMAND …</c>. Errors are one line on stderr and a non-zero exit code.</summary>
public static class CommandLine
{
    public const int Usage = 2;

    public const string Help = """
        Usage: cvr COMMAND [options]

        Commands:
          serve     Run all Cvr services in one process (in-process bus, embedded SQLite).
                      --urls URL           where the API listens (default http://127.0.0.1:8080)
                      --data DIR           database, default cache root and default asset folder (default ./data)
                      --asset-store VALUE  a folder, or an Azure Storage connection string (default DIR/assets)
          catalog rebuild
                    Rebuild the catalog from the asset store's listing (with serve stopped).
                      --data DIR, --asset-store VALUE as for serve
          help      Show this text.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
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
                "serve" => await ServeCommand.RunAsync(CommandOptions.Parse(args[1..], ServeCommand.Options)).ConfigureAwait(false),
                "catalog" when args.Length > 1 && args[1] == "rebuild" =>
                    await CatalogRebuildCommand.RunAsync(CommandOptions.Parse(args[2..], CatalogRebuildCommand.Options), output).ConfigureAwait(false),
                "catalog" => throw new CommandLineException("usage: cvr catalog rebuild --data DIR [--asset-store VALUE]"),
                _ => throw new CommandLineException($"unknown command '{args[0]}'; run 'cvr help'"),
            };
        }
        catch (CommandLineException ex)
        {
            await error.WriteLineAsync($"cvr: {ex.Message}").ConfigureAwait(false);
            return Usage;
        }
    }
}
