using System.Text.Json;
using Cvr.Catalog.Api;
using Cvr.Catalog.ReadModel;
using Cvr.Contracts.Events;
using Cvr.Contracts.Json;
using Cvr.UnitTests.Platform;

namespace Cvr.UnitTests.Catalog;

public class SegmentViewTests
{
    private static readonly SegmentDescriptor Segment = SegmentMetadataTests.Segment with
    {
        Media = new SegmentMedia("avc1.640028", 1920, 1080, 25, 2_056_625),
    };

    [Fact]
    public void Of_CataloguedSegment_IsTheJsonTheApiHasAlwaysReturned()
    {
        var view = SegmentView.Of(new CatalogSegment(Segment, Uploaded: true, Evicted: true, EvictedReason: "DiskFull"));

        var json = JsonSerializer.SerializeToNode(view, ApiJson())!.AsObject();

        Assert.Equal(
            ["fileName", "streamId", "sessionId", "sequence", "start", "end", "sizeBytes", "sha256", "uploaded", "evicted", "clock", "media"],
            json.Select(p => p.Key));
        Assert.Equal(Segment.FileName, (string?)json["fileName"]);
        Assert.Equal("camera", (string?)json["streamId"]);
        Assert.Equal(3, (long?)json["sequence"]);
        Assert.Equal("2026-11-23T12:00:30.000Z", (string?)json["start"]);
        Assert.Equal(7_712_345, (long?)json["sizeBytes"]);
        Assert.True((bool?)json["uploaded"]);
        Assert.True((bool?)json["evicted"]);
        Assert.Equal(-12.5, (double?)json["clock"]!["driftPpm"]);
        Assert.Equal("avc1.640028", (string?)json["media"]!["codecs"]);
    }

    [Fact]
    public void Of_SegmentRecordedBeforeClockAndMedia_ShowsThemAsNull()
    {
        var view = SegmentView.Of(new CatalogSegment(Segment with { Clock = null, Media = null }, Uploaded: false));

        var json = JsonSerializer.SerializeToNode(view, ApiJson())!.AsObject();

        Assert.Null(json["clock"]);
        Assert.Null(json["media"]);
        Assert.True(json.ContainsKey("clock") && json.ContainsKey("media"));
        Assert.False((bool?)json["evicted"]);
    }

    /// <summary>ASP.NET's HTTP JSON with Cvr's conventions, as the catalog's host sets it up.</summary>
    private static JsonSerializerOptions ApiJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ContractJson.Apply(options);
        return options;
    }
}
