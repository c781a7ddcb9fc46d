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
    public void Classify_FfmpegLastWords_GivesReason(string output, bool connected, DisconnectReason expected)
    {
        Assert.Equal(expected, DisconnectClassifier.Classify(output.Split('\n'), connected));
    }
}
