using Cvr.Contracts.Events;

namespace Cvr.Catalog.ReadModel;

/// <summary>
/// Writes a rebuild's segments in batches, one transaction each, while the next batch is being listed:
/// at most one batch is in flight, so memory stays at two batches whatever the store holds.
/// </summary>
internal sealed class SegmentBatchWriter(CatalogDatabase catalog, int batchSize)
{
    private List<CatalogSegment> _batch = new(batchSize);
    private Task _inFlight = Task.CompletedTask;
    private int _inFlightCount;

    /// <summary>Segments whose transaction has committed.</summary>
    public int Committed { get; private set; }

    /// <summary>Adds a segment; true when that filled a batch and the one before it has committed.</summary>
    public async Task<bool> AddAsync(SegmentDescriptor segment, CancellationToken cancellationToken)
    {
        _batch.Add(new CatalogSegment(segment, Uploaded: true));
        if (_batch.Count < batchSize)
        {
            return false;
        }

        await SendAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes what is left and waits until every batch has committed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken).ConfigureAwait(false);
        await WaitAsync().ConfigureAwait(false);
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        await WaitAsync().ConfigureAwait(false);
        if (_batch.Count == 0)
        {
            return;
        }

        var rows = _batch;
        _batch = new List<CatalogSegment>(batchSize);
        _inFlightCount = rows.Count;

        // SQLite's async API runs synchronously: on the thread pool, the write overlaps the listing.
        _inFlight = Task.Run(() => catalog.UpsertSegmentsAsync(rows, cancellationToken, keepTimeline: false), cancellationToken);
    }

    private async Task WaitAsync()
    {
        await _inFlight.ConfigureAwait(false);
        Committed += _inFlightCount;
        _inFlightCount = 0;
    }
}
