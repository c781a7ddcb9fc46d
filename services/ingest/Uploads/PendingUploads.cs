using Cvr.Contracts.Events;
using Cvr.Ingest.Management;
using Cvr.Platform.State;

namespace Cvr.Ingest.Uploads;

/// <summary>
/// What the ingest knows, from the segmenter's and the uploader's events, of each stream's segments on
/// their way to the asset store: those sealed and not yet uploaded (or evicted), and how far each
/// session has been sealed. Kept in the ingest's state store, so a restarted ingest still knows what it
/// waits for. Events come at least once and in any order across topics: a segment already settled is
/// remembered for a while, so that a late SegmentSealed does not bring it back.
/// </summary>
public sealed class PendingUploads(IStateStoreFactory stores)
{
    private const int SettledKept = 512;
    private const int SessionsKept = 64;
    private const int MaxConcurrencyRetries = 16;
    private readonly IStateStore _state = stores.ForApp(GraphRepository.AppId);

    /// <summary>A segment was sealed: it waits for the uploader, unless it is settled already.</summary>
    public Task SealedAsync(SegmentDescriptor segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return UpdateAsync(segment.StreamId, ledger => ledger.Sealed(segment), cancellationToken);
    }

    /// <summary>A segment left the cache's way to the store: uploaded, or evicted before it could be.</summary>
    public Task SettledAsync(SegmentDescriptor segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return UpdateAsync(segment.StreamId, ledger => ledger.Settled(segment), cancellationToken);
    }

    /// <summary>The stream's ledger as it is now (empty for a stream never heard of).</summary>
    public async Task<UploadLedger> OfAsync(string streamId, CancellationToken cancellationToken) =>
        (await _state.GetAsync<UploadLedger>(Key(streamId), cancellationToken).ConfigureAwait(false))?.Value ?? new UploadLedger();

    private async Task UpdateAsync(string streamId, Func<UploadLedger, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            var entry = await _state.GetAsync<UploadLedger>(Key(streamId), cancellationToken).ConfigureAwait(false);
            var ledger = entry?.Value ?? new UploadLedger();
            if (!change(ledger))
            {
                return;
            }

            ledger.Trim(SettledKept, SessionsKept);
            var saved = entry is null
                ? await _state.TryCreateAsync(Key(streamId), ledger, cancellationToken).ConfigureAwait(false)
                : await _state.TrySaveAsync(Key(streamId), ledger, entry.ETag, cancellationToken).ConfigureAwait(false);
            if (saved)
            {
                return;
            }
        }

        throw new InvalidOperationException($"The upload ledger of stream '{streamId}' kept changing under concurrent writers.");
    }

    private static string Key(string streamId) => $"uploads:{streamId}";
}
