using System.Globalization;
using Cvr.Catalog.ReadModel;
using Cvr.Platform.Hosting;
using Cvr.Platform.Sqlite;
using Cvr.Platform.Storage;

namespace Cvr.Host.Commands;

/// <summary>
/// <c>cvr catalog rebuild</c>: throws the catalog's read model away and rebuilds it from the asset
/// store's listing. Run it while <c>cvr serve</c> is stopped.
/// </summary>
public static class CatalogRebuildCommand
{
    public static readonly IReadOnlyCollection<string> Options = ["data", "asset-store"];

    public static async Task<int> RunAsync(CommandOptions options, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var settings = new CvrOptions
        {
            Data = options.Get("data", "data"),
            AssetStore = options.Get("asset-store") ?? Environment.GetEnvironmentVariable("Cvr__AssetStore"),
        };
        if (!Directory.Exists(settings.DataPath))
        {
            throw new CommandLineException($"--data '{settings.DataPath}' does not exist");
        }

        var path = Path.Combine(settings.DataPath, "catalog.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        var rebuilder = new CatalogRebuilder(new CatalogDatabase(new SqliteDatabase(path)), AssetStoreFactory.Create(settings.AssetStoreSetting));
        var progress = new RebuildProgressLines(output, time);
        try
        {
            var (assets, segments, skipped) = await rebuilder.RebuildAsync(progress, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"cvr: catalog rebuilt from {settings.AssetStoreSetting.Split(';')[0]}: {segments} segments in {assets} assets ({skipped} other blobs skipped) in {progress.Elapsed.TotalSeconds:F1} s, {progress.Rate(segments):N0} segments/s")).ConfigureAwait(false);
            return 0;
        }
        catch (AssetStoreUnavailableException ex)
        {
            throw new CommandLineException($"the asset store cannot be reached: {ex.Message}");
        }
    }
}
