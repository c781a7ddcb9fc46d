using Cvr.Catalog;
using Cvr.Ingest;
using Cvr.Segmenter;
using Cvr.Uploader;
using Microsoft.AspNetCore.Builder;

namespace Cvr.ContractTests.Hosting;

/// <summary>One of Cvr's four services, registered and mapped exactly as its Program.cs does.</summary>
public sealed record CvrService(string AppId, Action<WebApplicationBuilder> Register, Action<WebApplication> Map)
{
    public static CvrService Ingest { get; } = new(IngestService.AppId, b => b.AddIngestService(), a => a.MapIngestService());

    // The segmenter's Program maps nothing beyond the platform.
    public static CvrService Segmenter { get; } = new(SegmenterService.AppId, b => b.AddSegmenterService(), _ => { });

    public static CvrService Uploader { get; } = new(UploaderService.AppId, b => b.AddUploaderService(), a => a.MapUploaderService());

    public static CvrService Catalog { get; } = new(CatalogService.AppId, b => b.AddCatalogService(), a => a.MapCatalogService());

    public static IReadOnlyList<CvrService> All { get; } = [Ingest, Segmenter, Uploader, Catalog];

    public static CvrService Named(string appId) => All.Single(s => s.AppId == appId);

    public override string ToString() => AppId;
}
