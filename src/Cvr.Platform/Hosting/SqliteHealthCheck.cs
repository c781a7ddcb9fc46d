using Cvr.Platform.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cvr.Platform.Hosting;

/// <summary>Ready only while the embedded database answers.</summary>
internal sealed class SqliteHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The embedded database cannot be opened.", ex);
        }
    }
}
