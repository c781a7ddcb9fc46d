namespace Cvr.ContractTests.Sidecar;

/// <summary>One CloudEvent the double delivered to a subscribing app, and the app's answer.</summary>
/// <param name="AppId">The subscriber.</param>
/// <param name="Topic">The topic the event was published on.</param>
/// <param name="Route">The route the app declared for the topic.</param>
/// <param name="HttpStatus">The HTTP status of the app's answer.</param>
/// <param name="Status">The <c>status</c> field of the answer's body (SUCCESS, RETRY, DROP), if any.</param>
public sealed record SubscriberDelivery(string AppId, string Topic, string Route, int HttpStatus, string? Status);
