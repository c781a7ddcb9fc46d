using Cvr.Platform.Security;
using Cvr.Testing;

namespace Cvr.UnitTests.Security;

public sealed class ApiKeyFileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Ensure_EmptyFolder_MakesTwoDifferentKeysReadableByTheOwnerOnly()
    {
        var (keys, created) = await ApiKeyFile.EnsureAsync(_folder.Path, CancellationToken.None);

        Assert.True(created);
        Assert.NotEqual(keys.Operator, keys.Viewer);
        Assert.All(new[] { keys.Operator!, keys.Viewer! }, k => Assert.Matches("^[A-Za-z0-9_-]{43}$", k));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ApiKeyFile.PathIn(_folder.Path)));
    }

    [Fact]
    public async Task Ensure_Again_KeepsTheKeysAndTightensALooseFile()
    {
        var (first, _) = await ApiKeyFile.EnsureAsync(_folder.Path, CancellationToken.None);
        File.SetUnixFileMode(ApiKeyFile.PathIn(_folder.Path), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var (second, created) = await ApiKeyFile.EnsureAsync(_folder.Path, CancellationToken.None);

        Assert.False(created);
        Assert.Equal((first.Operator, first.Viewer), (second.Operator, second.Viewer));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ApiKeyFile.PathIn(_folder.Path)));
    }

    [Fact]
    public async Task Rotate_OneRole_ChangesOnlyThatKey()
    {
        var (before, _) = await ApiKeyFile.EnsureAsync(_folder.Path, CancellationToken.None);

        var after = await ApiKeyFile.RotateAsync(_folder.Path, [CvrRoles.Viewer], CancellationToken.None);

        Assert.Equal(before.Operator, after.Operator);
        Assert.NotEqual(before.Viewer, after.Viewer);
        Assert.Equal(after.Viewer, ApiKeyFile.Read(_folder.Path)!.Viewer);
        Assert.False(File.Exists(ApiKeyFile.PathIn(_folder.Path) + ".tmp"));
    }

    public void Dispose() => _folder.Dispose();
}
