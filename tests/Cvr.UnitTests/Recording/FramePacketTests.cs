using Cvr.Ingest.Recording;

namespace Cvr.UnitTests.Recording;

public class FramePacketTests
{
    [Fact]
    public void TryParse_Keyframe_ReadsTimestampsAndSize()
    {
        Assert.True(FramePacket.TryParse("0,     185220,     185220,     3600,    12096, 0xbbc68b17", out var packet));

        Assert.Equal(new FramePacket(0, 185220, 185220, 3600, 12096, Keyframe: true, HasProducerTime: false), packet);
    }

    [Fact]
    public void TryParse_DeltaFrameAfterASenderReport_IsNoKeyframeAndCarriesProducerTime()
    {
        Assert.True(FramePacket.TryParse("0,     118800,     118800,     3600,     5304, 0x220850ad, F=0x0, S=1,       16", out var packet));

        Assert.False(packet.Keyframe);
        Assert.True(packet.HasProducerTime);
    }

    [Fact]
    public void TryParse_KeyframeWithOtherSideData_HasNoProducerTime()
    {
        Assert.True(FramePacket.TryParse("0,          0,          0,     3600,    13845, 0x6ce69455, S=1,       40", out var packet));

        Assert.True(packet.Keyframe);
        Assert.False(packet.HasProducerTime);
        Assert.Equal(40, packet.ParameterSetsSize);
    }

    [Theory]
    [InlineData("0,     446400,     446400,     3600,    10972, 0x566cfa73, S=2,       16,       74", 74)]
    [InlineData("0,     446400,     446400,     3600,    10972, 0x566cfa73, S=2,       74,       16", 74)]
    [InlineData("0,     536400,     536400,     3600,     3202, 0xf89c386c, F=0x0, S=1,       16", 0)]
    [InlineData("0,     536400,     536400,     3600,     3202, 0xf89c386c", 0)]
    public void TryParse_ParameterSetsNextToTheProducerTime_AreTheOtherSideData(string line, int size)
    {
        Assert.True(FramePacket.TryParse(line, out var packet));

        Assert.Equal(size, packet.ParameterSetsSize);
    }

    [Theory]
    [InlineData("#tb 0: 1/90000")]
    [InlineData("#software: Lavf59.27.100")]
    [InlineData("")]
    [InlineData("0, 1, 2")]
    [InlineData("x,          0,          0,     3600,    13845, 0x6ce69455")]
    public void TryParse_NotAPacket_IsRefused(string line)
    {
        Assert.False(FramePacket.TryParse(line, out _));
    }

    [Fact]
    public void TryParseTimeBase_HeaderLine_ReadsStreamAndFraction()
    {
        Assert.True(FramePacket.TryParseTimeBase("#tb 0: 1/90000", out var stream, out var numerator, out var denominator));

        Assert.Equal((0, 1L, 90000L), (stream, numerator, denominator));
        Assert.False(FramePacket.TryParseTimeBase("#tb 0: 1/0", out _, out _, out _));
        Assert.False(FramePacket.TryParseTimeBase("#media_type 0: video", out _, out _, out _));
    }
}
