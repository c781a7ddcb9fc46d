using Cvr.Catalog;
using Cvr.Ingest;
using Cvr.Platform.Files;
using Cvr.Platform.Hosting;
using Cvr.Segmenter;
using Cvr.Uploader;

namespace Cvr.Host.Commands;

/// <summary>
/// <c>cvr serve</c>: the four services in one process. Same handler classes as under Dapr; only the
/// configured mode differs (durable in-process bus, SQLite state).
/// </summary>
public static class ServeCommand
{
    public static readonly IReadOnlyCollection<string> Options = ["urls", "data", "asset-store"];

    public static async Task<int> RunAsync(CommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
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

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = urls,
            [$"{CvrOptions.Section}:{nameof(CvrOptions.Mode)}"] = nameof(CvrMode.InProcess),
            [$"{CvrOptions.Section}:{nameof(CvrOptions.Data)}"] = data,
        };

        // Only when given: otherwise Cvr__AssetStore from the environment (no secret on the command line) applies.
        if (options.Get("asset-store") is { } assetStore)
        {
            settings[$"{CvrOptions.Section}:{nameof(CvrOptions.AssetStore)}"] = assetStore;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCvrPlatform();
        builder.AddIngestService();
        builder.AddSegmenterService();
        builder.AddUploaderService();
        builder.AddCatalogService();

        var app = builder.Build();
        app.MapCvrPlatform();
        app.MapIngestService();
        app.MapUploaderService();
        app.MapCatalogService();
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
