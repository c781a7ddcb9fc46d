using System.Globalization;
using Cvr.Catalog.ReadModel;

namespace Cvr.Host.Commands;

/// <summary>
/// <c>cvr catalog rebuild</c>'s progress: a line at most every <see cref="Interval"/> with the assets,
/// segments and rate so far, so that a long rebuild (a remote store is as fast as its listing) shows it
/// is moving.
/// </summary>
public sealed class RebuildProgressLines(TextWriter output, TimeProvider time) : IProgress<CatalogRebuildProgress>
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly long _started = time.GetTimestamp();
    private TimeSpan _lastLine;

    /// <summary>Time since the rebuild started.</summary>
    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public void Report(CatalogRebuildProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var elapsed = Elapsed;
        if (elapsed - _lastLine < Interval)
        {
            return;
        }

        _lastLine = elapsed;

        // IProgress is synchronous: the line is written before the rebuild goes on, in order.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cvr: rebuilding: {value.Assets} assets, {value.Segments:N0} segments, {Rate(value.Segments):N0} segments/s"));
    }

    /// <summary>Segments per second since the start.</summary>
    public double Rate(int segments) => segments / Math.Max(Elapsed.TotalSeconds, 0.001);
}
