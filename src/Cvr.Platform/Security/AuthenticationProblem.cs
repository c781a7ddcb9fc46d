using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Cvr.Platform.Security;

/// <summary>401 and 403 as ProblemDetails, like every other refusal; never echoes what was presented.</summary>
public static class AuthenticationProblem
{
    public const string Realm = "cvr";

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c>.</summary>
    public static Task ChallengeAsync(HttpContext context, string detail, bool invalidToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = invalidToken
            ? $"Bearer realm=\"{Realm}\", error=\"invalid_token\""
            : $"Bearer realm=\"{Realm}\"";
        return WriteAsync(context, "Authentication required.", detail);
    }

    /// <summary>403: authenticated, but not allowed this.</summary>
    public static Task ForbidAsync(HttpContext context, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteAsync(context, "Not allowed.", detail);
    }

    public static async Task WriteAsync(HttpContext context, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = context.Response.StatusCode, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }
}
