using Cvr.Platform.Security;

namespace Cvr.Host.Commands;

/// <summary>
/// <c>cvr keys show|rotate --data DIR [--role operator|viewer]</c>: prints the API keys of a data folder,
/// one line per role (<c>operator: KEY</c>, <c>viewer: KEY</c>); rotate makes new ones first (both roles
/// unless --role), and a running <c>cvr serve</c> accepts only the new ones at once.
/// </summary>
public static class KeysCommand
{
    public const string Usage = "usage: cvr keys show|rotate --data DIR [--role operator|viewer]";

    private static readonly CommandSyntax ShowSyntax = new("cvr keys show --data DIR", [], ["data"]);
    private static readonly CommandSyntax RotateSyntax = new("cvr keys rotate --data DIR [--role operator|viewer]", [], ["data", "role"]);

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var verb = args.Length > 0 ? args[0] : null;
        if (verb is not ("show" or "rotate"))
        {
            throw new CommandLineException(Usage);
        }

        var options = CommandOptions.Parse(args[1..], verb == "show" ? ShowSyntax : RotateSyntax);
        var data = Path.GetFullPath(options.Get("data", "data"));
        if (!Directory.Exists(data))
        {
            throw new CommandLineException($"--data '{data}' does not exist");
        }

        ApiKeyOptions? keys;
        try
        {
            if (verb == "show")
            {
                keys = ApiKeyFile.Read(data) ?? throw new CommandLineException($"{data} has no keys yet: 'cvr serve --data {data}' makes them on its first start");
            }
            else
            {
                var role = options.Get("role");
                if (role is not null && !CvrRoles.All.Contains(role))
                {
                    throw new CommandLineException($"--role '{role}' is not a role: operator or viewer");
                }

                keys = await ApiKeyFile.RotateAsync(data, role is null ? CvrRoles.All : [role], ct).ConfigureAwait(false);
            }
        }
        catch (UnauthorizedAccessException)
        {
            throw new CommandLineException($"cannot read the keys in {data}: run as the user that runs cvr serve");
        }

        await output.WriteLineAsync($"operator: {keys.Operator}").ConfigureAwait(false);
        await output.WriteLineAsync($"viewer: {keys.Viewer}").ConfigureAwait(false);
        return 0;
    }
}
