namespace Cvr.Ingest.Management;

/// <summary>
/// At start, seals what an older Cvr stored in plain text (<see cref="GraphRepository.SealPlainTextAsync"/>)
/// and has the state store drop the plain text from its files. In the background and retried: under Dapr
/// the sidecar may come up after the service, and SQLite keeps its write-ahead log while it is being read.
/// </summary>
public sealed partial class PlainTextMigration(GraphRepository graphs, TimeProvider time, ILogger<PlainTextMigration> logger) : BackgroundService
{
    private static readonly TimeSpan MaximumDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        var sealedCount = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (sealedCount < 0)
                {
                    sealedCount = await graphs.SealPlainTextAsync(stoppingToken).ConfigureAwait(false);
                }

                if (sealedCount == 0 || await graphs.ScrubAsync(stoppingToken).ConfigureAwait(false))
                {
                    if (sealedCount > 0)
                    {
                        LogSealed(sealedCount);
                    }

                    return;
                }

                LogScrubPending(delay);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRetry(ex, delay);
            }

            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaximumDelay.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sealed the secrets of {Count} graph document(s) stored in plain text by an older Cvr")]
    private partial void LogSealed(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "The state store still holds its write-ahead log; dropping the old plain text again in {Delay}")]
    private partial void LogScrubPending(TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sealing plain-text graph documents failed; retrying in {Delay}")]
    private partial void LogRetry(Exception exception, TimeSpan delay);
}
