namespace Cvr.Platform.Messaging.Dapr;

/// <summary>The body daprd reads from a subscriber's answer: SUCCESS, RETRY or DROP.</summary>
public sealed record DaprDeliveryStatus(string Status);
