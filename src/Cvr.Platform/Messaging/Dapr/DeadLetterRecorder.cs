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
    private const string StateKey = "deadletters";
    private readonly DeliveryMetrics _count;
    private readonly ILogger<DeadLetterRecorder> _logger;
    private readonly IStateStoreFactory _stores;
    private readonly TimeProvider _time;

    public DeadLetterRecorder(IStateStoreFactory stores, DeliveryMetrics count, TimeProvider time, ILogger<DeadLetterRecorder> logger)
    {
        _stores = stores;
        _count = count;
        _time = time;
        _logger = logger;
    }

    public async Task<HandlerOutcome> RecordAsync(string appId, JsonElement payload, CancellationToken cancellationToken)
    {
        var text = payload.GetRawText();
        LogDeadLetter(appId, text);
        _count.AddDeadLetter(appId, DaprSubscriptionEndpoints.DeadLetterTopic(appId));
        var state = _stores.ForApp(appId);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var entry = await state.GetAsync<List<DeadLetter>>(StateKey, cancellationToken).ConfigureAwait(false);
            var letters = entry?.Value ?? [];
            letters.Add(new DeadLetter(_time.GetUtcNow(), text));
            if (letters.Count > DeliveryPolicy.DeadLettersKept)
            {
                letters.RemoveRange(0, letters.Count - DeliveryPolicy.DeadLettersKept);
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
