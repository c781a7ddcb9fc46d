namespace Cvr.Platform.Messaging.InProcess;

/// <summary>An event the in-process bus gave up delivering to one subscriber, after <paramref name="Attempts"/> failed attempts.</summary>
public sealed record DeadLetter(string AppId, string Subscriber, string Topic, string Payload, int Attempts, DateTimeOffset FailedAt);
