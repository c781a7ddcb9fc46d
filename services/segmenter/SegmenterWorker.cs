using Cvr.Contracts.Events;
using Cvr.Media.Cache;

namespace Cvr.Segmenter;

/// <summary>Looks at every known stream's cache once a second and seals what is ready.</summary>
public sealed partial class SegmenterWorker(
    SegmenterStreams streams,
    SessionProcessor sessions,
    SealedRecovery recovery,
    TimeProvider time,
    ILogger<SegmenterWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RegistryRefresh = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = new HashSet<string>(StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var known = await streams.ListRecentAsync(RegistryRefresh, time, stoppingToken).ConfigureAwait(false);
                recovered.IntersectWith(known.Select(s => s.StreamId)); // a forgotten stream is recovered again if it comes back
                foreach (var stream in known)
                {
                    if (recovered.Add(stream.StreamId))
                    {
                        await recovery.RecoverAsync(stream, stoppingToken).ConfigureAwait(false);
                    }

                    await ProcessStreamAsync(stream, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogTickFailed(ex);
            }

            await Task.Delay(Tick, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ProcessStreamAsync(StreamDescriptor stream, CancellationToken cancellationToken)
    {
        var layout = new CacheLayout(stream.CachePath);
        foreach (var sessionId in layout.Sessions())
        {
            try
            {
                await sessions.ProcessAsync(stream, layout, sessionId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                LogSessionFailed(ex, stream.StreamId, sessionId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Segmenter pass failed; trying again")]
    private partial void LogTickFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {StreamId}/{SessionId} could not be processed this time")]
    private partial void LogSessionFailed(Exception exception, string streamId, string sessionId);
}
