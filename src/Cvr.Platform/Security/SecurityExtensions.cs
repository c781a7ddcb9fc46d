using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cvr.Platform.Security;

/// <summary>
/// Authentication and authorization for every Cvr host, with ASP.NET Core's own stack: API keys and
/// (optionally) the user's identity provider in <c>Authorization: Bearer</c>, playback tokens in the
/// query string, the Dapr sidecar's app token; two roles; every endpoint that names no policy needs an
/// operator; rates limited per caller; cross-site requests refused.
/// </summary>
public static class SecurityExtensions
{
    private const string Selector = "cvr";

    public static IServiceCollection AddCvrSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<ApiKeyOptions>(configuration.GetSection(ApiKeyOptions.Section));
        services.AddOptions<PlaybackOptions>().Bind(configuration.GetSection(PlaybackOptions.Section))
            .Validate(o => o.TokenLifetime >= TimeSpan.FromSeconds(1) && o.TokenLifetime <= TimeSpan.FromDays(7), "Cvr:Playback:TokenLifetime must be between 00:00:01 and 7.00:00:00.")
            .ValidateOnStart();
        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.Section))
            .Validate(o => o.PermitsPerSecond > 0, "Cvr:Http:PermitsPerSecond must be a positive number of requests per second.")
            .Validate(o => o.Burst > 0, "Cvr:Http:Burst must be a positive number of requests.")
            .ValidateOnStart();
        var jwt = configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        // Playback tokens are Data Protection payloads: a service that mints or reads them also calls
        // AddCvrKeyRing, which keeps the keys (and so the tokens) across restarts and replicas.
        services.AddDataProtection();
        services.AddSingleton<PlaybackTokens>();
        services.AddSingleton<IAuthorizationHandler, PlaybackAccessRequirement>();

        var authentication = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "Cvr", o => o.ForwardDefaultSelector = context => SchemeFor(context, jwt.Enabled))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(CvrSchemes.ApiKey, null)
            .AddScheme<AuthenticationSchemeOptions, PlaybackTokenAuthenticationHandler>(CvrSchemes.PlaybackToken, null)
            .AddScheme<AuthenticationSchemeOptions, DaprAppTokenAuthenticationHandler>(CvrSchemes.DaprAppToken, null);
        if (jwt.Enabled)
        {
            authentication.AddJwtBearer(CvrSchemes.Jwt, o =>
            {
                o.Authority = jwt.Authority;
                o.Audience = jwt.Audience;
                o.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context => JwtRoleMapping.OnTokenValidated(context, jwt),
                    OnChallenge = context =>
                    {
                        context.HandleResponse();
                        return AuthenticationProblem.ChallengeAsync(context.HttpContext, "The token is not valid for this Cvr.", context.AuthenticateFailure is not null);
                    },
                    OnForbidden = context => AuthenticationProblem.ForbidAsync(context.HttpContext, "The token's roles may not do this."),
                };
            });
        }

        var daprTokenConfigured = !string.IsNullOrEmpty(configuration[DaprAppTokenAuthenticationHandler.TokenSetting]);
        services.AddAuthorizationBuilder()
            .AddPolicy(CvrPolicies.Operator, p => p.RequireRole(CvrRoles.Operator))
            .AddPolicy(CvrPolicies.Viewer, p => p.RequireRole(CvrRoles.Viewer))
            .AddPolicy(CvrPolicies.Playback, p => p.AddRequirements(new PlaybackAccessRequirement()))
            .AddPolicy(CvrPolicies.Daprd, p => p
                .AddAuthenticationSchemes(CvrSchemes.DaprAppToken)
                .RequireAssertion(context => !daprTokenConfigured || context.User.IsInRole(DaprAppTokenAuthenticationHandler.Role)))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(CvrRoles.Operator).Build());

        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptionsMonitor<HttpOptions>>().CurrentValue;
                var caller = context.User.FindFirst(CvrClaims.Caller)?.Value ?? $"address:{context.Connection.RemoteIpAddress}";
                return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await AuthenticationProblem.WriteAsync(context.HttpContext, "Too many requests.", $"Slow down: try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.").ConfigureAwait(false);
            };
        });

        var origins = configuration.GetSection(HttpOptions.Section).Get<HttpOptions>()?.AllowedOrigins ?? [];
        if (origins.Count > 0)
        {
            services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins([.. origins]).AllowAnyMethod().WithHeaders("Authorization", "Content-Type")));
        }

        return services;
    }

    /// <summary>The middleware, in order: cross-site guard, CORS (if configured), authentication, rate limits, authorization.</summary>
    public static WebApplication UseCvrSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<CrossSiteRequestGuard>();
        if (app.Services.GetService<Microsoft.AspNetCore.Cors.Infrastructure.ICorsService>() is not null)
        {
            app.UseCors();
        }

        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static string SchemeFor(HttpContext context, bool jwtEnabled)
    {
        if (context.Request.Headers.ContainsKey(DaprAppTokenAuthenticationHandler.HeaderName))
        {
            return CvrSchemes.DaprAppToken;
        }

        if (BearerToken.From(context.Request) is { } bearer)
        {
            return jwtEnabled && BearerToken.LooksLikeJwt(bearer) ? CvrSchemes.Jwt : CvrSchemes.ApiKey;
        }

        return context.Request.Query.ContainsKey(PlaybackTokens.QueryName) ? CvrSchemes.PlaybackToken : CvrSchemes.ApiKey;
    }
}
