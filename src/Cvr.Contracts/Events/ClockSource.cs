using System.Text.Json.Serialization;

namespace Cvr.Contracts.Events;

/// <summary>Where a segment's UTC times come from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClockSource>))]
public enum ClockSource
{
    /// <summary>The host's clock: learnt from when the camera's frames arrived (the default).</summary>
    Host,

    /// <summary>The camera's own clock, from its RTCP sender reports (a topology chose to trust it).</summary>
    Camera,

    /// <summary>
    /// No timing was recorded for the segment (the ingest stopped before it could time it): placed right
    /// after the segment before it, or by the time its file was last written. Its error is unknown.
    /// </summary>
    Recovered,
}
