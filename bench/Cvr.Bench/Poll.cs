namespace Cvr.Bench;

/// <summary>Waits for facts, not for fixed times.</summary>
internal static class Poll
{
    /// <param name="failure">Checked first on every round: a message means waiting is pointless (a process died).</param>
    public static async Task UntilAsync(Func<bool> condition, Func<string?> failure, TimeSpan timeout, string because, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(failure);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (failure() is { } message)
            {
                throw new InvalidOperationException($"Gave up waiting until {because}: {message}");
            }

            if (condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting until {because}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }
}
