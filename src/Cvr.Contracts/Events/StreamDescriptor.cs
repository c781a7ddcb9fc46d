using System.Text.Json.Serialization;
using Cvr.Contracts.Json;

namespace Cvr.Contracts.Events;

/// <summary>
/// What every service needs to know about one recorded stream (one active graph instance).
/// Credentials are deliberately absent: they stay with the ingest service.
/// </summary>
/// <param name="StreamId">The stream's id: the graph instance name.</param>
/// <param name="TopologyName">The graph topology the instance runs.</param>
/// <param name="AssetName">The asset the recording goes to, already a valid container name.</param>
/// <param name="SegmentLengthSeconds">The asset sink's segment length (30 to 300, in steps of 30).</param>
/// <param name="CachePath">The instance's local media cache folder (absolute).</param>
/// <param name="CacheMaximumSizeBytes">The cap on everything kept under <paramref name="CachePath"/>.</param>
/// <param name="RetentionPeriod">
/// How long the asset keeps its recording (the asset sink's retentionPeriod, AVA's name); null for the
/// host's default (Uploader:RetentionPeriod), which may be forever.
/// </param>
public sealed record StreamDescriptor(
    string StreamId,
    string TopologyName,
    string AssetName,
    int SegmentLengthSeconds,
    string CachePath,
    long CacheMaximumSizeBytes,
    [property: JsonConverter(typeof(IsoDurationConverter))] TimeSpan? RetentionPeriod = null);
