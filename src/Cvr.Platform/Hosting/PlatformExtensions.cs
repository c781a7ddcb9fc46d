using Cvr.Contracts.Json;
using Cvr.Platform.Messaging;
using Cvr.Platform.Messaging.Dapr;
using Cvr.Platform.Messaging.InProcess;
using Cvr.Platform.Observability;
using Cvr.Platform.Security;
using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Cvr.Platform.Storage;
using Dapr.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cvr.Platform.Hosting;

/// <summary>What every Cvr host registers: messaging, state, asset store, health, problem details.</summary>
public static class PlatformExtensions
{
    private const string LiveTag = "live";

    /// <summary>The platform and the given services, registered, built and mapped in that order.</summary>
    public static WebApplication BuildCvr(this WebApplicationBuilder builder, params IReadOnlyList<CvrServiceModule> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        builder.AddCvrPlatform(services.Count == 1 ? services[0].AppId : "cvr");
        foreach (var service in services)
        {
            service.AddServices(builder);
        }

        var app = builder.Build();
        app.MapCvrPlatform();
        foreach (var service in services)
        {
            service.MapEndpoints(app);
        }

        return app;
    }

    /// <param name="serviceName">The OpenTelemetry <c>service.name</c>: the app id of a service hosted alone, <c>cvr</c> for the single process.</param>
    public static WebApplicationBuilder AddCvrPlatform(this WebApplicationBuilder builder, string serviceName = "cvr")
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(CvrOptions.Section).Get<CvrOptions>() ?? new CvrOptions();

        // The data folder's keys (cvr serve makes them; 'cvr keys rotate --data DIR' for services run
        // alone) are configuration: a rotation applies without a restart. Under Kubernetes they come
        // from a Secret instead (Cvr__Keys__*), and there is no file.
        builder.Configuration.AddJsonFile(ApiKeyFile.PathIn(options.DataPath), optional: true, reloadOnChange: true);
        builder.Services.Configure<CvrOptions>(builder.Configuration.GetSection(CvrOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<DeliveryMetrics>();
        builder.AddCvrObservability(serviceName);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => ContractJson.Apply(json.SerializerOptions));
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddCvrSecurity(builder.Configuration);
        builder.Services.AddCvrOpenApi();
        builder.Services.AddSingleton<IAssetStore>(sp => AssetStoreFactory.Create(sp.GetRequiredService<IOptions<CvrOptions>>().Value.AssetStoreSetting));

        if (options.Mode == CvrMode.InProcess)
        {
            AddInProcess(builder.Services, options);
        }
        else
        {
            AddDapr(builder.Services, options);
        }

        return builder;
    }

    public static WebApplication MapCvrPlatform(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCvrSecurity();
        var options = app.Services.GetRequiredService<IOptions<CvrOptions>>().Value;
        if (options.Mode == CvrMode.Dapr)
        {
            app.UseCloudEvents();
            app.MapSubscribeHandler().RequireAuthorization(CvrPolicies.Daprd).DisableRateLimiting();
            app.MapDaprSubscriptions(options.PubSubName);
        }

        // Open to anyone: probes carry no credentials, and the answers say nothing but "up".
        app.MapHealthChecks("/health").AllowAnonymous().DisableRateLimiting();
        app.MapCvrMetrics();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymous().DisableRateLimiting();
        app.MapCvrOpenApi(browsable: options.Mode == CvrMode.InProcess);
        return app;
    }

    private static void AddInProcess(IServiceCollection services, CvrOptions options)
    {
        var database = new SqliteDatabase(Path.Combine(options.DataPath, "cvr.db"));
        services.AddSingleton(database);
        services.AddSingleton<IStateStoreFactory, SqliteStateStoreFactory>();
        services.AddSingleton<DurableEventBus>();
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<DurableEventBus>());

        // The schema comes first, the bus right after it: hosted services start in registration order.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => new SchemaInitializer(sp.GetRequiredService<SqliteDatabase>())));
        services.Insert(1, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<DurableEventBus>()));
        services.AddHealthChecks().AddCheck<SqliteHealthCheck>("database");
    }

    private static void AddDapr(IServiceCollection services, CvrOptions options)
    {
        services.AddDaprClient(dapr => dapr.UseJsonSerializationOptions(EventJson.Options));
        services.AddSingleton<DeadLetterRecorder>();
        services.AddSingleton<IEventPublisher>(sp => new DaprEventPublisher(sp.GetRequiredService<DaprClient>(), options.PubSubName));
        services.AddSingleton<IStateStoreFactory>(sp => new DaprStateStoreFactory(sp.GetRequiredService<DaprClient>(), options.StateStoreName));
    }
}
