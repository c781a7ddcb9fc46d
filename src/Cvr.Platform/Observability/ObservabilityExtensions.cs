using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cvr.Platform.Observability;

/// <summary>
/// OpenTelemetry for every Cvr host, configured once: Cvr's meters (<c>Cvr.*</c>), ASP.NET Core, HttpClient
/// and runtime instrumentation; metrics scraped at <c>/metrics</c> (Prometheus text) and, when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, metrics and traces pushed by OTLP (the standard
/// <c>OTEL_*</c> variables apply: protocol, headers, service name, resource attributes).
/// </summary>
public static class ObservabilityExtensions
{
    /// <summary>Every meter and activity source of Cvr starts with this.</summary>
    public const string CvrInstrumentation = "Cvr.*";

    public const string ScrapePath = "/metrics";

    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    public static WebApplicationBuilder AddCvrObservability(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<MetricsOptions>(builder.Configuration.GetSection(MetricsOptions.Section));
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, MetricsScrapeAuthorization>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(MetricsScrapeAuthorization.Policy, p => p.AddRequirements(new MetricsScrapeRequirement()));

        // OTEL_SERVICE_NAME, when set, names the service instead (AddService would override it).
        var named = !string.IsNullOrWhiteSpace(builder.Configuration[ServiceNameSetting]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r =>
            {
                if (!named)
                {
                    r.AddService(serviceName, serviceInstanceId: Environment.MachineName);
                }
            })
            .WithMetrics(metrics => metrics
                .AddMeter(CvrInstrumentation)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(CvrInstrumentation)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbeOrScrape(context.Request.Path))
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary><c>/metrics</c>, behind <see cref="MetricsScrapeAuthorization"/>; never rate limited (Prometheus scrapes on a schedule).</summary>
    public static WebApplication MapCvrMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint(ScrapePath)
            .RequireAuthorization(MetricsScrapeAuthorization.Policy)
            .DisableRateLimiting();
        return app;
    }

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal)
        || path.StartsWithSegments("/alive", StringComparison.Ordinal)
        || path.StartsWithSegments(ScrapePath, StringComparison.Ordinal);
}
