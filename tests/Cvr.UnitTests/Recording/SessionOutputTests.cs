using System.Globalization;
using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Ingest.Recording;
using Cvr.Media.Cache;
using Cvr.Media.Time;
using Cvr.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cvr.UnitTests.Recording;

/// <summary>ffmpeg's framecrc lines in, the session's timing out.</summary>
public sealed class SessionOutputTests : IDisposable
{
    private const string Session = "20261201T120000000Z";
    private static readonly DateTimeOffset Origin = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Lines_OfASession_AreTimedWhenItEnds()
    {
        var layout = new CacheLayout(_folder.File("cache"));
        Directory.CreateDirectory(layout.SessionFolder(Session));
        var time = new FakeTimeProvider(Origin);
        var stream = new StreamDescriptor("camera", "Topology", "asset", 30, layout.Root, 1L << 30);
        var plan = new RecordingPlan(stream, new Uri("rtsp://127.0.0.1/cam"), null, true, RecordingClock.Host);
        var timekeeper = new SessionTimekeeper(plan, layout, Session, new ClockBounds(), time, NullLogger.Instance);
        var output = new SessionOutput(timekeeper, new FragmentFlusher(layout.SessionFolder(Session), time, NullLogger.Instance, "camera"), time);
        output.Start(CancellationToken.None);

        output.OnLine("#software: Lavf59.27.100");
        output.OnLine("#tb 0: 1/90000");
        for (var n = 0; n < 300; n++)
        {
            time.SetUtcNow(Origin + TimeSpan.FromMilliseconds((n + 1) * 40 + 3));
            output.OnLine(string.Create(CultureInfo.InvariantCulture, $"0, {n * 3600,10}, {n * 3600,10}, 3600, 5000, 0x00000000{(n % 50 == 0 ? string.Empty : ", F=0x0")}"));
            output.OnLine("not a packet line");
        }

        await File.WriteAllTextAsync(layout.SessionSegmentList(Session), "seg-000000.mp4,0.000000,12.000000\n");
        await output.FinishAsync(CancellationToken.None);

        var timing = Assert.Single(await SegmentTiming.ReadAllAsync(layout.SessionTiming(Session), CancellationToken.None));
        Assert.Equal(Origin.AddMilliseconds(3), timing.Start);
        Assert.Equal(Origin.AddMilliseconds(12_003), timing.End);
        Assert.Equal(ClockSource.Host, timing.Clock.Source);
    }

    public void Dispose() => _folder.Dispose();
}
