using System.Runtime.Versioning;
using Cvr.Platform.Files;
using Cvr.Platform.Sqlite;
using Cvr.Testing;

namespace Cvr.UnitTests.Platform;

/// <summary>Owner-only modes on real files: the databases (and SQLite's own -wal and -shm) and the data folder.</summary>
[UnsupportedOSPlatform("windows")] // file modes are Unix's
public sealed class PrivateFilesTests : IDisposable
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;
    private const UnixFileMode WorldReadableFile = OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode WorldReadableFolder = OwnerFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task SqliteDatabase_NewFile_DatabaseWalAndShmAre0600InA0700Folder()
    {
        var path = Path.Combine(_folder.File("data"), "cvr.db");

        var database = new SqliteDatabase(path);
        await database.ExecuteAsync("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('x');", CancellationToken.None);

        Assert.Equal(OwnerFolder, File.GetUnixFileMode(_folder.File("data")));
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            Assert.True(File.Exists(file), file);
            Assert.Equal(OwnerFile, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task SqliteDatabase_OlderFilesReadableByOthers_AreTightenedWhenOpened()
    {
        var path = _folder.File("catalog.db");
        var first = new SqliteDatabase(path);
        await first.ExecuteAsync("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('x');", CancellationToken.None);
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.SetUnixFileMode(file, WorldReadableFile);
        }

        _ = new SqliteDatabase(path);

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            Assert.Equal(OwnerFile, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void CreateFolder_ExistingFolderOpenToOthers_IsTightened()
    {
        var data = _folder.File("data");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, WorldReadableFolder);

        PrivateFiles.CreateFolder(data);

        Assert.Equal(OwnerFolder, File.GetUnixFileMode(data));
    }

    public void Dispose() => _folder.Dispose();
}
