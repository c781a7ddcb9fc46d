using Cvr.Platform.Sqlite;

namespace Cvr.Platform.State;

/// <summary>Per-app stores in the host's embedded SQLite file.</summary>
public sealed class SqliteStateStoreFactory(SqliteDatabase database) : IStateStoreFactory
{
    public IStateStore ForApp(string appId) => new SqliteStateStore(database, appId);
}
