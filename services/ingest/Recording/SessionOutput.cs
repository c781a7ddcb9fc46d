using System.Globalization;
using System.Threading.Channels;
using Cvr.Contracts.Events;

namespace Cvr.Ingest.Recording;

/// <summary>
/// Follows what one ffmpeg session prints about its packets (<see cref="FramePacket"/>). Each line is
/// handled on the thread that reads it, as it arrives: its arrival is a fact about the camera's clock
/// (<see cref="SessionTimekeeper.Observe"/>), and nothing is queued per packet. At a keyframe (when
/// ffmpeg has just written a fragment and, at a segment's end, listed the segment) a loop of its own
/// times what ffmpeg listed and forces what it wrote to disk (<see cref="FragmentFlusher"/>).
/// A keyframe whose parameter sets differ from the session's first (the camera changed resolution or
/// profile) ends the session: <see cref="StreamChanged"/>; what follows it is cut off at the end.
/// </summary>
public sealed class SessionOutput
{
    private readonly SessionTimekeeper _timekeeper;
    private readonly FragmentFlusher _flusher;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _keyframes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly TaskCompletionSource<SessionEndCause> _streamChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (long Numerator, long Denominator)? _timeBase;
    private Task _loop = Task.CompletedTask;
    private int _parameterSetsSize;
    private TimeSpan? _streamChangedAt;

    public SessionOutput(SessionTimekeeper timekeeper, FragmentFlusher flusher, TimeProvider time)
    {
        _timekeeper = timekeeper;
        _flusher = flusher;
        _time = time;
    }

    /// <summary>Completes when the camera's video parameters changed: the session must end (its init section no longer fits).</summary>
    public Task<SessionEndCause> StreamChanged => _streamChanged.Task;

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
        if (packet.Keyframe && packet.ParameterSetsSize > 0)
        {
            NoteParameterSets(packet);
        }

        // After a change nothing more is timed before the end, which cuts the segment it is in.
        if (packet.Keyframe && _streamChangedAt is null)
        {
            _keyframes.Writer.TryWrite(true);
        }
    }

    /// <summary>After ffmpeg exited and its output was read to the end: the last keyframe's work, then what ffmpeg listed last.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        _keyframes.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _timekeeper.StampListedAsync(final: true, cancellationToken, _streamChangedAt).ConfigureAwait(false);
    }

    private void NoteParameterSets(FramePacket packet)
    {
        if (_parameterSetsSize == 0)
        {
            _parameterSetsSize = packet.ParameterSetsSize;
        }
        else if (packet.ParameterSetsSize != _parameterSetsSize && _streamChangedAt is null)
        {
            _streamChangedAt = ToTime(packet.Dts);
            _streamChanged.TrySetResult(new SessionEndCause(DisconnectReason.StreamChanged, string.Create(
                CultureInfo.InvariantCulture,
                $"the camera's video parameters changed (parameter sets of {_parameterSetsSize} bytes, now {packet.ParameterSetsSize}); a new session records them")));
        }
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
