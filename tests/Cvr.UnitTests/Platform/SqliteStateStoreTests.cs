using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Cvr.Testing;

namespace Cvr.UnitTests.Platform;

public class SqliteStateStoreTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task TrySaveAsync_StaleETag_IsRefused()
    {
        var store = await CreateAsync("ingest");
        await store.SaveAsync("k", "v1", CancellationToken.None);
        var first = await store.GetAsync<string>("k", CancellationToken.None);
        Assert.True(await store.TrySaveAsync("k", "v2", first!.ETag, CancellationToken.None));

        var stale = await store.TrySaveAsync("k", "v3", first.ETag, CancellationToken.None);

        Assert.False(stale);
        Assert.Equal("v2", (await store.GetAsync<string>("k", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task TryCreateAsync_KeyAlreadyCreated_IsRefusedAndKeepsTheFirst()
    {
        var store = await CreateAsync("ingest");

        Assert.True(await store.TryCreateAsync("index", new[] { "a" }, CancellationToken.None));
        Assert.False(await store.TryCreateAsync("index", new[] { "b" }, CancellationToken.None));

        Assert.Equal(["a"], (await store.GetAsync<string[]>("index", CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task GetAsync_KeyOfAnotherApp_IsNotVisible()
    {
        var ingest = await CreateAsync("ingest");
        var catalog = await CreateAsync("catalog");
        await ingest.SaveAsync("k", 1, CancellationToken.None);

        Assert.Null(await catalog.GetAsync<int>("k", CancellationToken.None));
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<IStateStore> CreateAsync(string app)
    {
        var database = new SqliteDatabase(_folder.File("state.db"));
        await SqliteStateStore.CreateSchemaAsync(database, CancellationToken.None);
        return new SqliteStateStoreFactory(database).ForApp(app);
    }
}
