using System.Diagnostics.Metrics;
using System.Text.Json;
using Cvr.Platform.State;
using Microsoft.Extensions.Logging;

namespace Cvr.Platform.Messaging.Dapr;

/// <summary>
/// Receives what daprd gave up on (the app's dead-letter topic) and records it: an error log, a
/// metric, and the last messages in the app's state, so that a dropped event is never silent.
/// </summary>
public sealed partial class DeadLetterRecorder
{
    public const string MeterName = "Cvr.Messaging";
    private const string StateKey = "deadletters";
    private const int Kept = 100;
    private readonly Counter<long> _count;
    private readonly ILogger<DeadLetterRecorder> _logger;
    private readonly IStateStoreFactory _stores;
    private readonly TimeProvider _time;

    public DeadLetterRecorder(IStateStoreFactory stores, IMeterFactory meters, TimeProvider time, ILogger<DeadLetterRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _stores = stores;
        _time = time;
        _logger = logger;
        _count = meters.Create(MeterName).CreateCounter<long>("cvr.messaging.dead_letters", description: "Events daprd could not deliver and dead-lettered");
    }

    public async Task<HandlerOutcome> RecordAsync(string appId, JsonElement payload, CancellationToken cancellationToken)
    {
        var text = payload.GetRawText();
        LogDeadLetter(appId, text);
        _count.Add(1, new KeyValuePair<string, object?>("app", appId));
        var state = _stores.ForApp(appId);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var entry = await state.GetAsync<List<DeadLetter>>(StateKey, cancellationToken).ConfigureAwait(false);
            var letters = entry?.Value ?? [];
            letters.Add(new DeadLetter(_time.GetUtcNow(), text));
            if (letters.Count > Kept)
            {
                letters.RemoveRange(0, letters.Count - Kept);
            }

            if (entry is null)
            {
                if (await state.TryCreateAsync(StateKey, letters, cancellationToken).ConfigureAwait(false))
                {
                    return HandlerOutcome.Success;
                }

                continue;
            }

            if (await state.TrySaveAsync(StateKey, letters, entry.ETag, cancellationToken).ConfigureAwait(false))
            {
                return HandlerOutcome.Success;
            }
        }

        return HandlerOutcome.Retry;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead letter for {AppId}: daprd gave up delivering {Payload}")]
    private partial void LogDeadLetter(string appId, string payload);

    private sealed record DeadLetter(DateTimeOffset ReceivedAt, string Payload);
}
