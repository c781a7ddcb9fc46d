using Cvr.Ingest.Management;
using Cvr.Ingest.Recording;

namespace Cvr.UnitTests.Management;

public sealed class InstanceViewTests : IAsyncDisposable
{
    private readonly ManagementLab _lab = new();

    public ValueTask DisposeAsync() => _lab.DisposeAsync();

    [Fact]
    public async Task View_PasswordParameterAndUserInfo_MaskedWithTheState()
    {
        await _lab.SetAsync(null);
        var body = ManagementLab.Instance("cam", ("rtspPassword", "cam-secret"));
        body["properties"]!["parameters"]![0]!["value"] = "rtsp://viewer:url-secret@camera/stream";
        await _lab.Instances.SetAsync("cam", body, CancellationToken.None);
        var instance = await _lab.Graphs.GetInstanceAsync("cam", CancellationToken.None);

        var view = await _lab.Views.ViewAsync(instance! with { State = GraphInstanceState.Deactivating }, CancellationToken.None);

        var text = view.ToJsonString();
        Assert.DoesNotContain("cam-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("url-secret", text, StringComparison.Ordinal);
        Assert.Equal("rtsp://***@camera/stream", view["properties"]!["parameters"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Deactivating", view["properties"]!["state"]!.GetValue<string>());
        Assert.Null(view["properties"]!["recording"]);
    }

    [Fact]
    public async Task View_InstanceBeingRecorded_ShowsWhatItsRecorderDoes()
    {
        await _lab.SetAsync(null, "cam");
        var instance = await _lab.Graphs.GetInstanceAsync("cam", CancellationToken.None);
        await _lab.Recorders.StartRecorderAsync(await _lab.Planner.PlanAsync(instance!, CancellationToken.None), CancellationToken.None);

        var view = await _lab.Views.ViewAsync(instance!, CancellationToken.None);

        var connection = view["properties"]!["recording"]!["connection"]!.GetValue<string>();
        Assert.Contains(connection, new[] { RecorderStatus.Connecting, RecorderStatus.Reconnecting });
    }

    [Fact]
    public async Task Answer_Unknown_404NamingIt()
    {
        var result = await _lab.Views.AnswerAsync("cam", CancellationToken.None);

        Assert.Equal(404, result.Status);
        Assert.Contains("'cam'", result.Error!.Message, StringComparison.Ordinal);
    }
}
