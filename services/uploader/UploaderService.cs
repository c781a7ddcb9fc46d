using Cvr.Contracts.Events;
using Cvr.Platform.Hosting;
using Cvr.Platform.Messaging;
using Cvr.Platform.Security;
using Cvr.Platform.Streams;
using Microsoft.Extensions.Options;

namespace Cvr.Uploader;

/// <summary>Registers the uploader service.</summary>
public static class UploaderService
{
    public const string AppId = "uploader";

    /// <summary>The composition root every host of the uploader builds with.</summary>
    public static CvrServiceModule Module { get; } = new(AppId, b => b.AddUploaderService(), a => a.MapUploaderService());

    public static WebApplicationBuilder AddUploaderService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<UploaderOptions>().Bind(builder.Configuration.GetSection(UploaderOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<UploaderOptions>, UploaderOptionsValidation>();
        builder.Services.AddSingleton<UploadQueue>();
        builder.Services.AddSingleton<SegmentUploader>();
        builder.Services.AddSingleton<OutageGate>();
        builder.Services.AddSingleton<CacheStatusBoard>();
        builder.Services.AddSingleton<UploadMetrics>();
        builder.Services.AddSingleton<CacheEviction>();
        builder.Services.AddSingleton<StoreExpiry>();
        builder.Services.AddHostedService<UploadWorker>();
        builder.Services.AddSingleton<CacheJanitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CacheJanitor>());
        builder.Services.AddHostedService<RetentionWorker>();
        builder.Services.AddHostedService<VolumeGuard>();
        builder.Services.AddStreamRegistry<UploaderStreams>(AppId);
        builder.Services.AddEventHandler<SegmentSealed, SegmentSealedHandler>(AppId);
        return builder;
    }

    public static WebApplication MapUploaderService(this WebApplication app)
    {
        app.MapGet("/api/cache", (CacheStatusBoard board) => TypedResults.Ok(new CacheStatusList(board.All))).WithTags("Cache").RequireAuthorization(CvrPolicies.Viewer)
            .WithSummary("Per stream: cache use, bytes waiting for upload, bitrate, how long an outage it can still absorb, drops.");
        return app;
    }
}
