using System.IO.Compression;
using System.Globalization;
using Cvr.Testing;

namespace Cvr.UnitTests.Time;

/// <summary>
/// A recorded series of frame arrivals (tests/Cvr.UnitTests/Time/ArrivalSeries, made by
/// tools/testcam/record-arrivals.py): per packet its media time, when ffmpeg handed it over and when the
/// camera sent the frame at that media time, in microseconds after the camera sent its first frame.
/// </summary>
internal sealed record ArrivalSeries(IReadOnlyList<(TimeSpan Media, TimeSpan Arrival, TimeSpan Truth)> Packets)
{
    public static readonly DateTimeOffset CameraStart = new(2026, 12, 1, 14, 30, 0, 500, TimeSpan.Zero);

    public static ArrivalSeries Load(string name)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "Cvr.UnitTests", "Time", "ArrivalSeries", name);
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var packets = new List<(TimeSpan, TimeSpan, TimeSpan)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(',').Select(f => TimeSpan.FromMicroseconds(long.Parse(f, CultureInfo.InvariantCulture))).ToArray();
            packets.Add((fields[0], fields[1], fields[2]));
        }

        return new ArrivalSeries(packets);
    }
}
