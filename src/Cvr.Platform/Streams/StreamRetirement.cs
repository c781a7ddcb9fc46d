using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cvr.Platform.Streams;

/// <summary>
/// Every few seconds, forgets the deactivated streams whose caches hold nothing more for the service
/// (<see cref="StreamRegistry.ForgetDrainedAsync"/>); the service's per-stream state follows its registry.
/// </summary>
public sealed partial class StreamRetirement<TRegistry>(TRegistry registry, TimeProvider time, ILogger<StreamRetirement<TRegistry>> logger) : BackgroundService
    where TRegistry : StreamRegistry
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                foreach (var streamId in await registry.ForgetDrainedAsync(stoppingToken).ConfigureAwait(false))
                {
                    LogForgotten(typeof(TRegistry).Name, streamId);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(ex, typeof(TRegistry).Name); // the state store may be unreachable: the next pass catches up
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Registry}: stream {StreamId} was deactivated and its cache holds nothing more for this service; forgotten")]
    private partial void LogForgotten(string registry, string streamId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Registry}: deactivated streams could not be looked at; trying again")]
    private partial void LogPassFailed(Exception exception, string registry);
}
