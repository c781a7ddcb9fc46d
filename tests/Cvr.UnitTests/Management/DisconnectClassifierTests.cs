using Cvr.Contracts.Events;
using Cvr.Ingest.Recording;

namespace Cvr.UnitTests.Management;

public class DisconnectClassifierTests
{
    [Theory]
    [InlineData("[tcp @ 0x55] Connection to tcp://127.0.0.1:9?timeout=5000000 failed: Connection refused\nrtsp://***@127.0.0.1:9/cam0: Connection refused", false, DisconnectReason.CameraUnreachable)]
    [InlineData("[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized\nrtsp://***@127.0.0.1:9/cam0: Server returned 401 Unauthorized (authorization failed)", false, DisconnectReason.CredentialsRefused)]
    [InlineData("rtsp://127.0.0.1:9/cam0: Connection timed out", true, DisconnectReason.CameraTimeout)]
    [InlineData("", true, DisconnectReason.CameraUnreachable)]
    [InlineData("rtsp://127.0.0.1:9/cam0: Invalid data found when processing input", false, DisconnectReason.IngestFailed)]
    [InlineData("[segment @ 0x55] Failure occurred when ending segment '/cache/ingest/s/seg-000004.mp4'\nav_interleaved_write_frame(): No space left on device", true, DisconnectReason.DiskFull)]
    // ffmpeg 5.1 reading the camera from its stdin (-f concat -i pipe:0), as measured.
    [InlineData("[tcp @ 0x55] Connection to tcp://127.0.0.1:9?timeout=5000000 failed: Connection refused\n[concat @ 0x55] Impossible to open 'rtsp://***@127.0.0.1:9/cam0'\npipe:0: Connection refused", false, DisconnectReason.CameraUnreachable)]
    [InlineData("[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized\n[concat @ 0x55] Impossible to open 'rtsp://***@127.0.0.1:9/cam0'\npipe:0: Server returned 401 Unauthorized (authorization failed)", false, DisconnectReason.CredentialsRefused)]
    [InlineData("pipe:0: Connection timed out", true, DisconnectReason.CameraTimeout)]
    public void Classify_FfmpegLastWords_GivesReason(string output, bool connected, DisconnectReason expected)
    {
        Assert.Equal(expected, DisconnectClassifier.Classify(output.Split('\n'), connected));
    }

    [Theory]
    [InlineData("pipe:0: Connection timed out", "rtsp://127.0.0.1:9/cam0: Connection timed out")]
    [InlineData("pipe:0: Server returned 401 Unauthorized (authorization failed)", "rtsp://127.0.0.1:9/cam0: Server returned 401 Unauthorized (authorization failed)")]
    [InlineData("[segment @ 0x55] Non-monotonous DTS in output stream 0:0", "[segment @ 0x55] Non-monotonous DTS in output stream 0:0")]
    public void Detail_LastWordsAboutTheInput_NameTheCameraWithoutCredentials(string line, string expected)
    {
        var camera = new Uri("rtsp://admin:secret@127.0.0.1:9/cam0?password=secret");

        Assert.Equal(expected, DisconnectClassifier.Detail(["Timestamps are unset", line], camera, 0));
    }

    [Fact]
    public void Detail_NoLastWords_GivesTheExitCode()
    {
        Assert.Equal("ffmpeg exited with code 1", DisconnectClassifier.Detail([], new Uri("rtsp://127.0.0.1:9/cam0"), 1));
    }
}
