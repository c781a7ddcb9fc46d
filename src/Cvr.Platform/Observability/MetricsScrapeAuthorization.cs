using System.Net;
using Cvr.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cvr.Platform.Observability;

/// <summary>A viewer (or operator), or an anonymous caller that <see cref="MetricsOptions.AnonymousScrape"/> lets in.</summary>
public sealed class MetricsScrapeAuthorization(IOptionsMonitor<MetricsOptions> options) : AuthorizationHandler<MetricsScrapeRequirement>
{
    /// <summary>The policy <c>/metrics</c> names.</summary>
    public const string Policy = "cvr-metrics";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsScrapeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.IsInRole(CvrRoles.Viewer) || AnonymousAllowed(context.Resource as HttpContext))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private bool AnonymousAllowed(HttpContext? http) => options.CurrentValue.AnonymousScrape switch
    {
        MetricsScrapeAccess.Any => true,
        MetricsScrapeAccess.Loopback => http?.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address),
        _ => false,
    };
}
