namespace Cvr.Testing;

/// <summary>Polls a condition until it holds: tests wait for facts, never for fixed times.</summary>
public static class Eventually
{
    /// <summary>
    /// How long a fact that normally takes seconds may take on a loaded 2-core machine running four
    /// end-to-end tests side by side: a bound, never a schedule (waits end as soon as the fact holds).
    /// </summary>
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string because)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } result)
                {
                    return result;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
            {
                last = ex;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new TimeoutException($"Timed out after {timeout} waiting until {because}.", last);
    }

    public static Task WaitAsync(Func<Task<bool>> probe, TimeSpan timeout, string because) =>
        WaitAsync<object>(async () => await probe() ? new object() : null, timeout, because);
}
