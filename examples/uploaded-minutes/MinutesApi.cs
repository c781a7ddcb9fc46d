using Cvr.Contracts.Events;
using Cvr.Contracts.Json;
using Dapr;
using Dapr.Client;

namespace Cvr.Examples.UploadedMinutes;

/// <summary>
/// The subscriber: SegmentUploaded in, minutes per asset kept in a Dapr state store (with ETags, so two
/// replicas never lose an update), and a small read API.
/// </summary>
public static class MinutesApi
{
    public const string PubSubName = "pubsub";
    public const string StateStoreName = "statestore";

    public static WebApplication MapMinutesApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCloudEvents();
        app.MapSubscribeHandler();
        app.MapPost("/events/segment-uploaded", CountAsync).WithTopic(PubSubName, SegmentUploaded.Topic);
        app.MapGet("/minutes/{asset}", GetAsync);
        app.MapGet("/health", () => TypedResults.Ok("Healthy"));
        return app;
    }

    /// <summary>Answers daprd with SUCCESS, or RETRY when another writer came first (never 404: daprd would drop the event).</summary>
    private static async Task<IResult> CountAsync(SegmentUploaded uploaded, DaprClient dapr, CancellationToken ct)
    {
        var segment = uploaded.Segment;
        var (ledger, etag) = await dapr.GetStateAndETagAsync<MinutesLedger>(StateStoreName, segment.AssetName, cancellationToken: ct).ConfigureAwait(false);
        var counted = (ledger ?? MinutesLedger.Empty).Count(segment.SegmentId, segment.Duration);
        if (ledger is not null && ReferenceEquals(counted, ledger))
        {
            return Status("SUCCESS");
        }

        var firstWrite = new StateOptions { Concurrency = ConcurrencyMode.FirstWrite };
        if (string.IsNullOrEmpty(etag))
        {
            // No entry yet: first-write without an ETag means "create only if absent" to the store.
            try
            {
                await dapr.SaveStateAsync(StateStoreName, segment.AssetName, counted, firstWrite, cancellationToken: ct).ConfigureAwait(false);
                return Status("SUCCESS");
            }
            catch (DaprException)
            {
                return Status("RETRY");
            }
        }

        var saved = await dapr.TrySaveStateAsync(StateStoreName, segment.AssetName, counted, etag, firstWrite, cancellationToken: ct).ConfigureAwait(false);
        return Status(saved ? "SUCCESS" : "RETRY");
    }

    private static async Task<IResult> GetAsync(string asset, DaprClient dapr, CancellationToken ct)
    {
        var ledger = await dapr.GetStateAsync<MinutesLedger>(StateStoreName, asset, cancellationToken: ct).ConfigureAwait(false);
        return TypedResults.Ok(new { asset, minutes = ledger?.Minutes ?? 0 });
    }

    private static IResult Status(string status) => TypedResults.Json(new { status }, ContractJson.Options);
}
