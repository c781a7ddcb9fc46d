using Cvr.Catalog;
using Cvr.Ingest;
using Cvr.Platform.Hosting;
using Cvr.Platform.Security;
using Cvr.Segmenter;
using Cvr.Uploader;

namespace Cvr.Host;

/// <summary>
/// The four services in one ASP.NET Core application (<c>cvr serve</c>), each from its own composition
/// root as under Dapr; only the configured mode differs (durable in-process bus, SQLite state).
/// </summary>
public static class CvrApplication
{
    /// <param name="urls">Where to listen (<c>http://127.0.0.1:0</c> for any free port).</param>
    /// <param name="data">The data folder, which already holds its <see cref="ApiKeyFile"/> (read as configuration).</param>
    /// <param name="settings">More configuration, applied last.</param>
    public static WebApplication Build(string urls, string data, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            [$"{CvrOptions.Section}:{nameof(CvrOptions.Mode)}"] = nameof(CvrMode.InProcess),
            [$"{CvrOptions.Section}:{nameof(CvrOptions.Data)}"] = data,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        return builder.BuildCvr(IngestService.Module, SegmenterService.Module, UploaderService.Module, CatalogService.Module);
    }
}
