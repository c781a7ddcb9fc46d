namespace Cvr.EndToEndTests.Management;

/// <summary>The malformed-input sweep runs with no other test beside it.</summary>
[CollectionDefinition(nameof(MalformedInputTests), DisableParallelization = true)]
public sealed class MalformedInputCollection;
