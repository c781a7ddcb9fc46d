using System.Diagnostics;
using System.Text;

namespace Cvr.Ingest.Recording;

/// <summary>
/// One running ffmpeg. Its stderr is read continuously (a full pipe would stall ffmpeg), redacted,
/// logged at debug level, and the last lines kept to explain an exit.
/// </summary>
internal sealed partial class FfmpegSession : IDisposable
{
    private const int KeptLines = 20;
    private readonly Process _process;
    private readonly Queue<string> _recent = new();
    private readonly CredentialRedactor _redactor;
    private readonly ILogger _logger;
    private readonly string _streamId;
    private readonly Task _stderrPump;
    private readonly Task _stdoutPump;

    private FfmpegSession(Process process, CredentialRedactor redactor, ILogger logger, string streamId, Action<string>? onOutputLine)
    {
        _process = process;
        _redactor = redactor;
        _logger = logger;
        _streamId = streamId;
        _stderrPump = PumpStandardErrorAsync();
        _stdoutPump = onOutputLine is null
            ? process.StandardOutput.BaseStream.CopyToAsync(Stream.Null)
            : ReadStandardOutputOnOwnThread(onOutputLine);
    }

    public int ProcessId => _process.Id;

    /// <param name="input">
    /// What ffmpeg reads on its stdin (the camera's <see cref="CameraInputScript"/>): written whole, then
    /// stdin is closed, so secrets never pass through the command line.
    /// </param>
    /// <param name="onOutputLine">
    /// Called with each line ffmpeg writes to stdout, on a thread that does nothing but read them, as
    /// soon as it is read (the line's arrival time matters, and a line per packet must not wake the
    /// thread pool each time); stdout is drained either way.
    /// </param>
    public static FfmpegSession Start(
        string ffmpegPath,
        IReadOnlyList<string> arguments,
        string input,
        CredentialRedactor redactor,
        ILogger logger,
        string streamId,
        Action<string>? onOutputLine = null)
    {
        var info = new ProcessStartInfo(ffmpegPath)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),

            // Never inherit the host's stdout: an ffmpeg orphaned by a crash would hold it open.
            RedirectStandardOutput = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The segment muxer cuts on local-time clock multiples; UTC makes them UTC multiples.
        info.Environment["TZ"] = "UTC";
        var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        WriteInput(process, input);
        return new FfmpegSession(process, redactor, logger, streamId, onOutputLine);
    }

    /// <summary>The last lines ffmpeg wrote to stderr, redacted.</summary>
    public IReadOnlyList<string> RecentOutput
    {
        get
        {
            lock (_recent)
            {
                return [.. _recent];
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await _stderrPump.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _stdoutPump.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM lets ffmpeg close and list its current segment; SIGKILL after the grace period.</summary>
    public async Task<int> StopAsync(TimeSpan gracePeriod, TimeProvider time)
    {
        if (!_process.HasExited)
        {
            ProcessSignals.Terminate(_process.Id);
            using var grace = new CancellationTokenSource(gracePeriod, time);
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                LogKilled(_streamId, gracePeriod);
                _process.Kill(entireProcessTree: true);
            }
        }

        return await WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    /// <summary>
    /// A few hundred bytes into an empty pipe: the write completes at once, whether or not ffmpeg reads.
    /// If ffmpeg is gone already (a bad option), its stderr says why, not the broken pipe.
    /// </summary>
    private static void WriteInput(Process process, string input)
    {
        try
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
    }

    private async Task PumpStandardErrorAsync()
    {
        await Task.Yield();
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            var redacted = _redactor.Redact(line);
            LogOutput(_streamId, redacted);
            lock (_recent)
            {
                _recent.Enqueue(redacted);
                if (_recent.Count > KeptLines)
                {
                    _recent.Dequeue();
                }
            }
        }
    }

    private Task ReadStandardOutputOnOwnThread(Action<string> onLine)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var failures = 0;
            try
            {
                while (_process.StandardOutput.ReadLine() is { } line)
                {
                    try
                    {
                        onLine(line);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // Keep draining whatever happens: a full pipe would stall ffmpeg, and with it the recording.
                        if (failures++ == 0)
                        {
                            LogOutputHandlerFailed(ex, _streamId);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The pipe went with the process.
            }
            finally
            {
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "ffmpeg output",
        };
        thread.Start();
        return done.Task;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg [{StreamId}]: its output could not be handled (further failures of this session are not logged)")]
    private partial void LogOutputHandlerFailed(Exception exception, string streamId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ffmpeg [{StreamId}]: {Line}")]
    private partial void LogOutput(string streamId, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg [{StreamId}] did not stop within {GracePeriod} of SIGTERM and was killed")]
    private partial void LogKilled(string streamId, TimeSpan gracePeriod);
}
