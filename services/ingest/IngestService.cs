using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Ingest.Recording;
using Cvr.Ingest.Uploads;
using Cvr.Platform.Hosting;
using Cvr.Platform.KeyRing;
using Cvr.Platform.Messaging;
using Microsoft.Extensions.Options;

namespace Cvr.Ingest;

/// <summary>Registers the ingest service: graph management, the camera recorders, and what it hears of its segments' uploads.</summary>
public static class IngestService
{
    public const string AppId = GraphRepository.AppId;

    /// <summary>The composition root every host of the ingest builds with.</summary>
    public static CvrServiceModule Module { get; } = new(AppId, b => b.AddIngestService(), a => a.MapIngestService());

    public static WebApplicationBuilder AddIngestService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IngestOptions>()
            .Bind(builder.Configuration.GetSection(IngestOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidation>();
        builder.Services.AddHostedService<HostClockCheck>();
        builder.Services.AddCvrKeyRing(builder.Configuration, AppId);
        builder.Services.AddSingleton<GraphRepository>();
        builder.Services.AddHostedService<PlainTextMigration>();
        builder.Services.AddSingleton<GraphPlanner>();
        builder.Services.AddSingleton<GraphChangeLock>();
        builder.Services.AddSingleton<InstanceView>();
        builder.Services.AddSingleton<InstanceConflicts>();
        builder.Services.AddSingleton<GraphTopologies>();
        builder.Services.AddSingleton<GraphInstances>();
        builder.Services.AddSingleton<InstanceLifecycle>();
        builder.Services.AddSingleton<RecordingMetrics>();
        builder.Services.AddSingleton<RecordingSupervisor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordingSupervisor>());
        builder.Services.AddSingleton<PendingUploads>();
        builder.Services.AddSingleton<CacheFlush>();
        builder.Services.AddEventHandler<SegmentSealed, SegmentProgressHandler>(AppId);
        builder.Services.AddEventHandler<SegmentUploaded, SegmentProgressHandler>(AppId);
        builder.Services.AddEventHandler<SegmentEvicted, SegmentProgressHandler>(AppId);
        return builder;
    }

    public static WebApplication MapIngestService(this WebApplication app)
    {
        app.MapGraphApi();
        app.MapDirectMethods();
        return app;
    }
}
