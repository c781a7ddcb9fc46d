using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Microsoft.Extensions.Hosting;

namespace Cvr.Platform.Hosting;

/// <summary>Creates the embedded state tables before any service touches them.</summary>
internal sealed class SchemaInitializer(SqliteDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => SqliteStateStore.CreateSchemaAsync(database, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
