using Cvr.Platform.Storage;

namespace Cvr.UnitTests.Media;

public class AssetNamesTests
{
    [Fact]
    public void ToContainerName_LvaPatternResult_IsLowerCased()
    {
        Assert.Equal("sampleasset-cvrtoamsasset-camera1", AssetNames.ToContainerName("sampleAsset-CVRToAMSAsset-camera1"));
    }

    [Theory]
    [InlineData("a_b")]
    [InlineData("-x--y-")]
    [InlineData("ab")]
    [InlineData("Camera One/../etc")]
    public void ToContainerName_AnyInput_FollowsAzureContainerRules(string input)
    {
        var name = AssetNames.ToContainerName(input);

        Assert.Matches("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$", name);
    }

    [Fact]
    public void ToContainerName_TooLong_IsShortenedAndKeptDistinct()
    {
        var first = AssetNames.ToContainerName(new string('a', 80) + "1");
        var second = AssetNames.ToContainerName(new string('a', 80) + "2");

        Assert.True(first.Length <= 63);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void ToContainerName_NamesThatSanitizeAlike_StayDistinct()
    {
        Assert.NotEqual(AssetNames.ToContainerName("cam_1"), AssetNames.ToContainerName("cam.1"));
    }
}
