namespace Cvr.Ingest.Management;

/// <summary>Graph management as the direct methods reach it: topologies, instances, and their activation.</summary>
public sealed record GraphOperations(GraphTopologies Topologies, GraphInstances Instances, InstanceLifecycle Lifecycle);
