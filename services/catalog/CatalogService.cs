using Cvr.Catalog.Api;
using Cvr.Catalog.Clips;
using Cvr.Catalog.Exports;
using Cvr.Catalog.Playback;
using Cvr.Catalog.ReadModel;
using Cvr.Catalog.Ui;
using Cvr.Contracts.Events;
using Cvr.Platform.Hosting;
using Cvr.Platform.KeyRing;
using Cvr.Platform.Messaging;
using Cvr.Platform.Sqlite;
using Microsoft.AspNetCore.RateLimiting;
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
        builder.Services.AddSingleton(sp => new SegmentThumbnails(
            builder.Configuration["Catalog:FfmpegPath"] ?? "ffmpeg",
            Path.Combine(sp.GetRequiredService<IOptions<CvrOptions>>().Value.DataPath, "thumbnails"),
            sp.GetRequiredService<SegmentMediaSource>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SegmentThumbnails>>()));
        builder.Services.AddSingleton(sp => new ClipMaker(
            builder.Configuration["Catalog:FfmpegPath"] ?? "ffmpeg",
            builder.Configuration["Catalog:ClipFolder"] ?? Path.Combine(sp.GetRequiredService<IOptions<CvrOptions>>().Value.DataPath, "clips"),
            sp.GetRequiredService<ILogger<ClipMaker>>()));
        builder.Services.AddRateLimiter(o => o.AddConcurrencyLimiter(ClipApi.ClipMakers, l =>
        {
            l.PermitLimit = ClipApi.WaitedClipsAtOnce;
            l.QueueLimit = ClipApi.WaitedClipsQueued;
        }));
        builder.Services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section)
            .Validate(o => o.Lifetime > TimeSpan.Zero, $"{ExportOptions.Section}:Lifetime must be a positive time span such as 1.00:00:00.")
            .Validate(o => o.Concurrency is > 0 and <= 16, $"{ExportOptions.Section}:Concurrency must be 1 to 16 clips made at once.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ExportOptions>>().Value;
            var folder = options.Folder ?? Path.Combine(sp.GetRequiredService<IOptions<CvrOptions>>().Value.DataPath, "exports");
            return new ExportJobs(folder, options.Lifetime, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ExportJobs>>());
        });
        builder.Services.AddHostedService<ExportWorker>();
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
        app.MapExportApi();
        app.MapThumbnailApi();
        app.MapCatalogUi();
        return app;
    }
}
