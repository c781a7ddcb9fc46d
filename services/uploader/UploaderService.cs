using Cvr.Contracts.Events;
using Cvr.Platform.Messaging;
using Cvr.Platform.Streams;

namespace Cvr.Uploader;

/// <summary>Registers the uploader service.</summary>
public static class UploaderService
{
    public const string AppId = "uploader";

    public static WebApplicationBuilder AddUploaderService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<UploaderOptions>(builder.Configuration.GetSection(UploaderOptions.Section));
        builder.Services.AddSingleton<UploaderStreams>();
        builder.Services.AddSingleton<UploadQueue>();
        builder.Services.AddSingleton<SegmentUploader>();
        builder.Services.AddSingleton<OutageGate>();
        builder.Services.AddSingleton<CacheStatusBoard>();
        builder.Services.AddHostedService<UploadWorker>();
        builder.Services.AddSingleton<CacheJanitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CacheJanitor>());
        builder.Services.AddEventHandler<GraphInstanceActivated, StreamActivationHandler<UploaderStreams>>(AppId);
        builder.Services.AddEventHandler<SegmentSealed, SegmentSealedHandler>(AppId);
        return builder;
    }

    public static WebApplication MapUploaderService(this WebApplication app)
    {
        app.MapGet("/api/cache", (CacheStatusBoard board) => TypedResults.Ok(new CacheStatusList(board.All))).WithTags("Cache");
        return app;
    }
}
