using Microsoft.AspNetCore.Authorization;

namespace Cvr.Platform.Observability;

/// <summary>May read <c>/metrics</c>: decided by <see cref="MetricsScrapeAuthorization"/>.</summary>
public sealed class MetricsScrapeRequirement : IAuthorizationRequirement;
