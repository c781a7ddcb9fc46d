using Cvr.Catalog;
using Cvr.Ingest;
using Cvr.Platform.Hosting;
using Cvr.Segmenter;
using Cvr.Uploader;

namespace Cvr.ContractTests.Hosting;

/// <summary>Cvr's four services by app id: each one's own composition root, the one its Program.cs builds.</summary>
public static class CvrService
{
    public static CvrServiceModule Ingest => IngestService.Module;

    public static CvrServiceModule Segmenter => SegmenterService.Module;

    public static CvrServiceModule Uploader => UploaderService.Module;

    public static CvrServiceModule Catalog => CatalogService.Module;

    public static IReadOnlyList<CvrServiceModule> All { get; } = [Ingest, Segmenter, Uploader, Catalog];

    public static CvrServiceModule Named(string appId) => All.Single(s => s.AppId == appId);
}
