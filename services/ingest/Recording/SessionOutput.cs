using System.Threading.Channels;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Follows what one ffmpeg session prints about its packets (<see cref="FramePacket"/>). Each line is
/// handled on the thread that reads it, as it arrives: its arrival is a fact about the camera's clock
/// (<see cref="SessionTimekeeper.Observe"/>), and nothing is queued per packet. At a keyframe (when
/// ffmpeg has just written a fragment and, at a segment's end, listed the segment) a loop of its own
/// times what ffmpeg listed and forces what it wrote to disk (<see cref="FragmentFlusher"/>).
/// </summary>
public sealed class SessionOutput
{
    private readonly SessionTimekeeper _timekeeper;
    private readonly FragmentFlusher _flusher;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _keyframes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private (long Numerator, long Denominator)? _timeBase;
    private Task _loop = Task.CompletedTask;

    public SessionOutput(SessionTimekeeper timekeeper, FragmentFlusher flusher, TimeProvider time)
    {
        _timekeeper = timekeeper;
        _flusher = flusher;
        _time = time;
    }

    /// <summary>Starts the loop that acts on keyframes.</summary>
    public void Start(CancellationToken cancellationToken) => _loop = Task.Run(() => FollowAsync(cancellationToken), CancellationToken.None);

    /// <summary>One line of ffmpeg's stdout, on the thread that read it, as soon as it was read.</summary>
    public void OnLine(string line)
    {
        var arrivedAt = _time.GetUtcNow();
        if (FramePacket.TryParseTimeBase(line, out var stream, out var numerator, out var denominator))
        {
            _timeBase = stream == 0 ? (numerator, denominator) : _timeBase;
            return;
        }

        if (_timeBase is null || !FramePacket.TryParse(line, out var packet) || packet.StreamIndex != 0)
        {
            return;
        }

        _timekeeper.Observe(ToTime(packet.Dts), ToTime(packet.Duration), packet.HasProducerTime, arrivedAt);
        if (packet.Keyframe)
        {
            _keyframes.Writer.TryWrite(true);
        }
    }

    /// <summary>After ffmpeg exited and its output was read to the end: the last keyframe's work, then what ffmpeg listed last.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        _keyframes.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _timekeeper.StampListedAsync(final: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _keyframes.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await _timekeeper.StampListedAsync(final: false, cancellationToken).ConfigureAwait(false);
            _flusher.Flush();
        }
    }

    private TimeSpan ToTime(long units)
    {
        var (numerator, denominator) = _timeBase!.Value;
        return TimeSpan.FromTicks((long)((Int128)units * TimeSpan.TicksPerSecond * numerator / denominator));
    }
}
