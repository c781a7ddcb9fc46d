using Cvr.Platform.Hosting;
using Cvr.Platform.Streams;

namespace Cvr.Segmenter;

/// <summary>Registers the segmenter service.</summary>
public static class SegmenterService
{
    public const string AppId = "segmenter";

    /// <summary>The composition root every host of the segmenter builds with.</summary>
    public static CvrServiceModule Module { get; } = new(AppId, b => b.AddSegmenterService(), a => a.MapSegmenterService());

    public static WebApplicationBuilder AddSegmenterService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<SealingMetrics>();
        builder.Services.AddSingleton<SegmentSealer>();
        builder.Services.AddSingleton<SessionProcessor>();
        builder.Services.AddSingleton<SealedRecovery>();
        builder.Services.AddHostedService<SegmenterWorker>();
        builder.Services.AddStreamRegistry<SegmenterStreams>(AppId);
        return builder;
    }

    /// <summary>The segmenter has no HTTP surface of its own, beyond the platform's.</summary>
    public static WebApplication MapSegmenterService(this WebApplication app) => app;
}
