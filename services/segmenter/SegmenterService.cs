using Cvr.Platform.Streams;

namespace Cvr.Segmenter;

/// <summary>Registers the segmenter service.</summary>
public static class SegmenterService
{
    public const string AppId = "segmenter";

    public static WebApplicationBuilder AddSegmenterService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<SegmentSealer>();
        builder.Services.AddSingleton<SessionProcessor>();
        builder.Services.AddSingleton<SealedRecovery>();
        builder.Services.AddHostedService<SegmenterWorker>();
        builder.Services.AddStreamRegistry<SegmenterStreams>(AppId);
        return builder;
    }
}
