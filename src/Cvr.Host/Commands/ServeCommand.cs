using Cvr.Platform.Files;
using Cvr.Platform.Hosting;
using Cvr.Platform.Security;

namespace Cvr.Host.Commands;

/// <summary>
/// <c>cvr serve</c>: the four services in one process. Same handler classes as under Dapr; only the
/// configured mode differs (durable in-process bus, SQLite state).
/// </summary>
public static class ServeCommand
{
    public static readonly IReadOnlyCollection<string> Options = ["urls", "data", "asset-store"];

    public static async Task<int> RunAsync(CommandOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var urls = options.Get("urls", "http://127.0.0.1:8080");
        if (!Uri.TryCreate(urls.Split(';')[0], UriKind.Absolute, out _))
        {
            throw new CommandLineException($"--urls '{urls}' is not a URL such as http://127.0.0.1:8080");
        }

        var data = Path.GetFullPath(options.Get("data", "data"));
        try
        {
            // Databases and key ring live here: only Cvr's user may enter (0700; an older, looser folder is tightened).
            PrivateFiles.CreateFolder(data);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"--data '{data}' cannot be used: {ex.Message}");
        }

        // Keys before anything listens: printed here once (to the console, never to the log).
        var (keys, created) = await ApiKeyFile.EnsureAsync(data, CancellationToken.None).ConfigureAwait(false);
        if (created)
        {
            await output.WriteLineAsync($"""
                cvr: made API keys for {data} (in {ApiKeyFile.PathIn(data)}, readable by this user only):
                  operator: {keys.Operator}
                  viewer: {keys.Viewer}
                cvr: send one as 'Authorization: Bearer KEY'; print them again with: cvr keys show --data {data}
                """).ConfigureAwait(false);
        }

        var settings = new Dictionary<string, string?>();

        // Only when given: otherwise Cvr__AssetStore from the environment (no secret on the command line) applies.
        if (options.Get("asset-store") is { } assetStore)
        {
            settings[$"{CvrOptions.Section}:{nameof(CvrOptions.AssetStore)}"] = assetStore;
        }

        var app = CvrApplication.Build(urls, data, settings);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
