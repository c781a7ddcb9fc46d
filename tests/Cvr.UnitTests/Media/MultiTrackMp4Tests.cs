using System.Globalization;
using System.Text.Json.Nodes;
using Cvr.Media.Mp4;
using Cvr.Testing;
using Cvr.UnitTests.Support;

namespace Cvr.UnitTests.Media;

/// <summary>Segments with an audio track beside the video (either first), H.264 or H.265, read as ffprobe reads them.</summary>
public class MultiTrackMp4Tests(FfmpegAudioVideoSegments files) : IClassFixture<FfmpegAudioVideoSegments>
{
    [Fact]
    public async Task ReadIndexAsync_AudioFirstThenVideo_TimesTheSegmentByTheVideoTrack()
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(files.AudioFirstSecond, CancellationToken.None);

        Assert.True(index.IsComplete);
        Assert.Equal(["soun", "vide"], index.Tracks.Select(t => t.Handler));
        Assert.Equal(2u, index.Video!.TrackId);
        Assert.Equal(new Dictionary<uint, uint> { [1] = 48000, [2] = 12800 }, index.Timescales);
        Assert.Equal(2, index.Fragments.Count);
        Assert.All(index.Fragments, f => Assert.Equal([1u, 2u], f.Tracks.Select(t => t.TrackId)));
        Assert.All(index.Fragments, f => Assert.Equal(2u, f.TrackId));
        Assert.Equal(TimeSpan.FromSeconds(2), index.Duration); // 50 frames at 25 fps
        // The audio keeps its own session times: it spans the video's 2 s to within an AAC frame (1024 samples).
        Assert.InRange(index.TrackDuration(1), TimeSpan.FromSeconds(2 - (1024 / 48000.0)), TimeSpan.FromSeconds(2 + (1024 / 48000.0)));
    }

    [Theory]
    [InlineData("audio-first")]
    [InlineData("second-segment")]
    [InlineData("hevc")]
    public async Task ReadIndexAsync_EveryTrack_StartsAndEndsWhereFfprobeReadsItsPackets(string file)
    {
        var path = Path(file);
        var index = await FragmentedMp4Reader.ReadIndexAsync(path, CancellationToken.None);
        var packets = await Ffprobe.PacketsAsync(path);

        Assert.Equal(2, index.Tracks.Count);
        for (var stream = 0; stream < index.Tracks.Count; stream++)
        {
            // ffprobe numbers streams in the moov's track order.
            var track = index.Tracks[stream];
            var ofTrack = packets.Where(p => p.StreamIndex == stream).ToList();
            var last = index.Fragments.Select(f => f.Track(track.TrackId)).Last(t => t is not null)!;

            Assert.Equal((ulong)ofTrack[0].Dts, index.FirstDecodeTime(track.TrackId));
            Assert.All(index.Fragments, f => Assert.Contains(ofTrack, p => (ulong)p.Dts == f.Track(track.TrackId)!.BaseMediaDecodeTime));
            for (var i = 1; i < index.Fragments.Count; i++)
            {
                var (previous, next) = (index.Fragments[i - 1].Track(track.TrackId)!, index.Fragments[i].Track(track.TrackId)!);
                Assert.Equal(next.BaseMediaDecodeTime, previous.BaseMediaDecodeTime + previous.Duration);
            }

            // ffprobe gives the last AAC packet a whole frame's duration where ffmpeg wrote the part it kept.
            Assert.InRange(last.BaseMediaDecodeTime + last.Duration, (ulong)ofTrack[^1].Dts + 1, (ulong)(ofTrack[^1].Dts + ofTrack[^1].Duration));
        }
    }

    [Theory]
    [InlineData("audio-first")]
    [InlineData("hevc")]
    public async Task ReadIndexAsync_EveryTrack_HasTheCodecAndFormatFfprobeFinds(string file)
    {
        var path = Path(file);
        var index = await FragmentedMp4Reader.ReadIndexAsync(path, CancellationToken.None);
        var streams = await StreamsAsync(path);

        Assert.Equal(streams.Count, index.Tracks.Count);
        for (var i = 0; i < streams.Count; i++)
        {
            var (track, stream) = (index.Tracks[i], streams[i]!);
            Assert.Equal((string)stream["codec_tag_string"]!, track.SampleEntry);
            Assert.Equal(ExpectedCodec(stream), track.Codec);
            Assert.Equal((int?)stream["width"], track.Width);
            Assert.Equal((int?)stream["height"], track.Height);
            Assert.Equal((int?)stream["channels"], track.Channels);
            Assert.Equal(stream["sample_rate"] is { } rate ? int.Parse((string)rate!, CultureInfo.InvariantCulture) : null, track.SampleRate);
        }
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    public async Task ReadIndexAsync_AudioFirstTornInsideOneTracksSamples_IsCutAtTheLastFragmentCompleteForAllTracks(int stream, bool zeroFilled)
    {
        // Cut in the middle of one of the last fragment's samples of the given stream (0 audio, 1 video);
        // zero-filled, the file keeps its length, as after a power cut that kept the size but not the data.
        var whole = await FragmentedMp4Reader.ReadIndexAsync(files.AudioFirstSecond, CancellationToken.None);
        var packet = (await Ffprobe.PacketsAsync(files.AudioFirstSecond)).Last(p => p.StreamIndex == stream && p.Size > 4);
        Assert.True(packet.Pos > whole.Fragments[^1].Offset);
        var bytes = await File.ReadAllBytesAsync(files.AudioFirstSecond);
        var cut = (int)(packet.Pos + (packet.Size / 2));
        using var folder = new TemporaryFolder();
        var torn = folder.File("torn.mp4");
        await File.WriteAllBytesAsync(torn, zeroFilled ? [.. bytes[..cut], .. new byte[bytes.Length - cut]] : bytes[..cut]);

        var index = await FragmentedMp4Reader.ReadIndexAsync(torn, CancellationToken.None);

        Assert.False(index.IsComplete);
        Assert.Equal(whole.Fragments.Count - 1, index.Fragments.Count);
        Assert.Equal(whole.Fragments[^1].Offset, index.CompleteLength);
        Assert.Equal(TimeSpan.FromSeconds(1), index.Duration);
    }

    [Fact]
    public async Task CopyShiftedAsync_AudioFirstThenVideo_MovesEveryPacketOfBothTracksByTheSameTime()
    {
        var offset = TimeSpan.FromSeconds(30.5);
        using var folder = new TemporaryFolder();
        var shifted = folder.File("shifted.mp4");
        var index = await WriteShiftedAsync(files.AudioFirstSecond, offset, shifted, withInit: true);

        var before = await Ffprobe.PacketsAsync(files.AudioFirstSecond);
        var after = await Ffprobe.PacketsAsync(shifted);

        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.Select(p => p.StreamIndex), after.Select(p => p.StreamIndex));
        for (var i = 0; i < before.Count; i++)
        {
            // Each in its own timescale: the video lands at 30.5 s after the run's lead, the audio with it.
            var move = offset + FragmentTimeShifter.RunLead - FragmentTimeShifter.TimingStart(index);
            var units = (long)Math.Round(move.TotalSeconds * index.Tracks[before[i].StreamIndex].Timescale);
            Assert.Equal((before[i].Dts + units, before[i].Pts + units), (after[i].Dts, after[i].Pts));
        }
    }

    [Fact]
    public async Task CopyShiftedAsync_TwoSegmentsInAnHlsPlaylist_PlayAsOneTimelineOfBothTracks()
    {
        // What the catalog serves: the first segment's init, then each segment shifted by its distance from the first.
        using var folder = new TemporaryFolder();
        var first = await WriteShiftedAsync(files.AudioFirst, TimeSpan.Zero, folder.File("0.m4s"), withInit: false);
        var second = await WriteShiftedAsync(files.AudioFirstSecond, first.Duration, folder.File("1.m4s"), withInit: false);
        await File.WriteAllBytesAsync(folder.File("init.mp4"), (await File.ReadAllBytesAsync(files.AudioFirst))[..(int)first.InitializationSize]);
        var playlist = folder.File("playlist.m3u8");
        await File.WriteAllTextAsync(playlist, string.Create(
            CultureInfo.InvariantCulture,
            $"#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:{first.Duration.TotalSeconds:F3},\n0.m4s\n#EXTINF:{second.Duration.TotalSeconds:F3},\n1.m4s\n#EXT-X-ENDLIST\n"));

        var packets = await Ffprobe.PacketsAsync(playlist);
        var (exitCode, _, errors) = await Ffprobe.RunAsync("ffmpeg", ["-v", "error", "-i", playlist, "-f", "null", "-"]);

        Assert.True(exitCode == 0 && errors.Length == 0, errors);
        var video = packets.Where(p => p.StreamIndex == 1).ToList();
        Assert.Equal(100, video.Count);
        // A frame every 512 units, across the segments' boundary too: no gap, no overlap. (Not the first step:
        // ffmpeg stretched the first frame to start the track at zero when it moved the video after the AAC priming.)
        var steps = video.Skip(1).Zip(video, (next, previous) => next.Dts - previous.Dts).ToList();
        Assert.All(steps.Skip(1), step => Assert.Equal(512, step));
        var audio = packets.Where(p => p.StreamIndex == 0).Select(p => p.Dts).ToList();
        var secondAudio = audio.FindIndex(dts => dts >= 96000 - 1024);
        Assert.InRange(audio[secondAudio] - 96000, -1024, 1024); // the second segment's audio starts with its video, within a frame
        Assert.Equal(audio.Order(), audio);
    }

    private string Path(string file) => file switch
    {
        "audio-first" => files.AudioFirst,
        "second-segment" => files.AudioFirstSecond,
        _ => files.Hevc,
    };

    /// <summary>The segment's fragments shifted as the catalog serves them, after its init section when asked.</summary>
    private static async Task<Mp4SegmentIndex> WriteShiftedAsync(string segment, TimeSpan offset, string path, bool withInit)
    {
        var index = await FragmentedMp4Reader.ReadIndexAsync(segment, CancellationToken.None);
        await using var source = File.OpenRead(segment);
        await using var output = File.Create(path);
        if (withInit)
        {
            await output.WriteAsync((await File.ReadAllBytesAsync(segment)).AsMemory(0, (int)index.InitializationSize));
        }

        await FragmentTimeShifter.CopyShiftedAsync(source, index, offset, output, CancellationToken.None);
        return index;
    }

    private static async Task<JsonArray> StreamsAsync(string path)
    {
        var (exitCode, output, errors) = await Ffprobe.RunAsync("ffprobe", ["-v", "error", "-show_data", "-show_entries", "stream=codec_tag_string,profile,level,width,height,channels,sample_rate,extradata", "-of", "json", path]);
        Assert.True(exitCode == 0, errors);
        return JsonNode.Parse(output)!["streams"]!.AsArray();
    }

    /// <summary>The RFC 6381 string for what ffprobe says of a stream.</summary>
    private static string ExpectedCodec(JsonNode stream)
    {
        var tag = (string)stream["codec_tag_string"]!;
        var profile = (string)stream["profile"]!;
        var extradata = Extradata((string)stream["extradata"]!);
        return tag switch
        {
            // avcC: configurationVersion, then the profile, constraint flags and level the string spells out.
            "avc1" => $"avc1.{Convert.ToHexStringLower(extradata.AsSpan(1, 3))}",

            // libx265 Main: general profile 1, compatible with profiles 1 and 2 (0x60000000, written bit-reversed: 6),
            // main tier, progressive and frame-only constraint flags (0x90), level as ffprobe reads it.
            "hvc1" when profile == "Main" => $"hvc1.1.6.L{(int)stream["level"]!}.90",
            "mp4a" when profile == "LC" => "mp4a.40.2",
            _ => throw new InvalidOperationException($"No expectation for {tag} {profile}."),
        };
    }

    /// <summary>The bytes of ffprobe's hexdump of a stream's extradata ("00000000: 0142 c00d …  .B..").</summary>
    private static byte[] Extradata(string dump) =>
        Convert.FromHexString(string.Concat(dump.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .Select(line => line.Split("  ")[0].Replace(" ", "", StringComparison.Ordinal))));
}
