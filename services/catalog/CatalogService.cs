using Cvr.Catalog.Api;
using Cvr.Catalog.Clips;
using Cvr.Catalog.Playback;
using Cvr.Catalog.ReadModel;
using Cvr.Catalog.Ui;
using Cvr.Contracts.Events;
using Cvr.Platform.Hosting;
using Cvr.Platform.KeyRing;
using Cvr.Platform.Messaging;
using Cvr.Platform.Sqlite;
using Microsoft.Extensions.Options;

namespace Cvr.Catalog;

/// <summary>Registers the catalog service.</summary>
public static class CatalogService
{
    public const string AppId = "catalog";

    /// <summary>The composition root every host of the catalog builds with.</summary>
    public static CvrServiceModule Module { get; } = new(AppId, b => b.AddCatalogService(), a => a.MapCatalogService());

    public static WebApplicationBuilder AddCatalogService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp =>
        {
            // The read model is the catalog's own file, apart from any shared state: it can be rebuilt.
            var path = builder.Configuration["Catalog:Database"]
                ?? Path.Combine(sp.GetRequiredService<IOptions<CvrOptions>>().Value.DataPath, "catalog.db");
            return new CatalogDatabase(new SqliteDatabase(path));
        });
        builder.Services.AddCvrKeyRing(builder.Configuration, AppId); // playback tokens outlive restarts and hold across replicas
        builder.Services.AddSingleton<SegmentMediaSource>();
        builder.Services.AddSingleton<SegmentIndexes>();
        builder.Services.AddSingleton(sp => new ClipMaker(
            builder.Configuration["Catalog:FfmpegPath"] ?? "ffmpeg",
            builder.Configuration["Catalog:ClipFolder"] ?? Path.Combine(sp.GetRequiredService<IOptions<CvrOptions>>().Value.DataPath, "clips"),
            sp.GetRequiredService<ILogger<ClipMaker>>()));
        builder.Services.AddSingleton<CatalogRebuilder>();
        builder.Services.AddEventHandler<GraphInstanceActivated, StreamActivatedHandler>(AppId);
        builder.Services.AddEventHandler<SegmentSealed, ReadModel.SegmentSealedHandler>(AppId);
        builder.Services.AddEventHandler<SegmentUploaded, SegmentUploadedHandler>(AppId);
        builder.Services.AddEventHandler<SegmentEvicted, SegmentEvictedHandler>(AppId);
        builder.Services.AddEventHandler<SegmentExpired, SegmentExpiredHandler>(AppId);
        builder.Services.AddEventHandler<CameraDisconnected, CameraDisconnectedHandler>(AppId);
        return builder;
    }

    public static WebApplication MapCatalogService(this WebApplication app)
    {
        app.MapCatalogApi();
        app.MapPlaybackApi();
        app.MapClipApi();
        app.MapCatalogUi();
        return app;
    }
}
