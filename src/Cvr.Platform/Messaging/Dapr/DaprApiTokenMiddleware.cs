using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Cvr.Platform.Messaging.Dapr;

/// <summary>
/// With APP_API_TOKEN set (as daprd is configured with the same token), every endpoint daprd calls
/// (<c>/dapr/*</c> and the event routes) demands the <c>dapr-api-token</c> header daprd sends, so a
/// forged event from anyone else is answered 401.
/// </summary>
public sealed class DaprApiTokenMiddleware(RequestDelegate next, string token)
{
    public const string HeaderName = "dapr-api-token";
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsCalledByDaprd(context.Request.Path) && !Matches(context.Request.Headers[HeaderName].ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        return next(context);
    }

    public static bool IsCalledByDaprd(PathString path) =>
        path.StartsWithSegments("/dapr", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(DaprSubscriptionEndpoints.RoutePrefix, StringComparison.OrdinalIgnoreCase);

    private bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected);
}
