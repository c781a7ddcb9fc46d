using Cvr.Ingest.Management;
using Cvr.Ingest.Recording;
using Cvr.Testing;

namespace Cvr.UnitTests.Management;

/// <summary>The cache root against real folders and real symbolic links in a temporary folder.</summary>
public sealed class CachePathCheckTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    private string Root => _folder.File("cache");

    private string Outside => _folder.File("elsewhere");

    public CachePathCheckTests()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
    }

    [Theory]
    [InlineData("camera-1")]
    [InlineData("site/camera-1")]
    [InlineData("./camera-1/../camera-2")]
    public void OutsideRoot_RelativePath_IsTakenUnderTheRoot(string written)
    {
        var folder = TopologyCompiler.ResolveCachePath(written, Root);

        Assert.StartsWith(Root + "/", folder, StringComparison.Ordinal);
        Assert.Null(CachePathCheck.OutsideRoot(written, folder, Root));
    }

    [Fact]
    public void OutsideRoot_TheRootItselfAndFoldersNotYetMade_AreInside()
    {
        Assert.Null(Check(Root));
        Assert.Null(Check(Path.Combine(Root, "not", "made", "yet")));
    }

    [Theory]
    [InlineData("/var/lib/cvr-elsewhere")]
    [InlineData("../elsewhere")]
    [InlineData("camera/../../elsewhere")]
    [InlineData("/")]
    public void OutsideRoot_PathOutsideAsWritten_IsRefusedNamingTheRoot(string written)
    {
        var reason = CachePathCheck.OutsideRoot(written, TopologyCompiler.ResolveCachePath(written, Root), Root);

        Assert.NotNull(reason);
        Assert.Contains($"'{written}'", reason, StringComparison.Ordinal);
        Assert.Contains($"cache root '{Root}'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideRoot_SiblingWithTheRootAsPrefix_IsOutside()
    {
        Assert.NotNull(Check(Root + "-other/camera"));
    }

    [Fact]
    public void OutsideRoot_LinkInsideTheRootToOutside_IsRefusedNamingTheLink()
    {
        var link = Path.Combine(Root, "escape");
        Directory.CreateSymbolicLink(link, Outside);

        var reason = Check(Path.Combine(link, "camera-1"));

        Assert.NotNull(reason);
        Assert.Contains($"symbolic link '{link}'", reason, StringComparison.Ordinal);
        Assert.Contains($"cache root '{Root}'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideRoot_LinkDeeperDownWithARelativeTarget_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(Root, "site"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "site", "camera-1"), "../../elsewhere");

        Assert.NotNull(Check(Path.Combine(Root, "site", "camera-1")));
    }

    [Fact]
    public void OutsideRoot_ChainOfLinksLeadingOut_IsRefused()
    {
        Directory.CreateSymbolicLink(_folder.File("hop"), Outside);
        Directory.CreateSymbolicLink(Path.Combine(Root, "first"), _folder.File("hop"));

        Assert.NotNull(Check(Path.Combine(Root, "first")));
    }

    [Fact]
    public void OutsideRoot_LinkThatStaysInsideTheRoot_IsAccepted()
    {
        Directory.CreateDirectory(Path.Combine(Root, "disk-2"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "camera-1"), Path.Combine(Root, "disk-2"));

        Assert.Null(Check(Path.Combine(Root, "camera-1", "inner")));
    }

    [Fact]
    public void OutsideRoot_RootThatIsItselfALink_IsFollowedFirst()
    {
        var linkedRoot = _folder.File("cache-link");
        Directory.CreateSymbolicLink(linkedRoot, Root);

        Assert.Null(CachePathCheck.OutsideRoot("camera-1", Path.Combine(linkedRoot, "camera-1"), linkedRoot));
        Assert.NotNull(CachePathCheck.OutsideRoot("../elsewhere", Outside, linkedRoot));
    }

    [Fact]
    public void IngestOptions_CacheRootAtTheFileSystemRoot_IsRefusedAtStart()
    {
        var result = new IngestOptionsValidation().Validate(null, new IngestOptions { CacheRoot = "/" });

        Assert.True(result.Failed);
        Assert.Contains("Ingest:CacheRoot", result.FailureMessage, StringComparison.Ordinal);
        Assert.Equal("/srv/cvr/cache", new IngestOptions().CacheRootIn("/srv/cvr"));
    }

    public void Dispose() => _folder.Dispose();

    private string? Check(string absolute) => CachePathCheck.OutsideRoot(absolute, absolute, Root);
}
