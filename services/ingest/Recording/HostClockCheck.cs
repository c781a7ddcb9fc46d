namespace Cvr.Ingest.Recording;

/// <summary>Says at start whether the host's clock, which recorded times follow, is synchronised.</summary>
public sealed partial class HostClockCheck(ILogger<HostClockCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        switch (HostClock.IsSynchronized(out var maximumError))
        {
            case false:
                LogUnsynchronized();
                break;
            case true:
                LogSynchronized(maximumError.TotalMilliseconds);
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The host's clock is not synchronised (no NTP or similar): recorded times follow it and are only as right as it is. Run an NTP client (chrony, systemd-timesyncd) on this host.")]
    private partial void LogUnsynchronized();

    [LoggerMessage(Level = LogLevel.Information, Message = "The host's clock is synchronised (maximum error {MaximumErrorMs:F1} ms)")]
    private partial void LogSynchronized(double maximumErrorMs);
}
