namespace Cvr.Platform.State;

/// <summary>A stored value with the ETag to pass back for a conditional write.</summary>
public sealed record StateEntry<T>(T Value, string ETag);
