namespace Cvr.Media.Time;

/// <summary>
/// "Arrival − media time" as a line in media time: the offset at a reference media time and how it
/// changes per tick of media (the negated drift of the camera's clock).
/// </summary>
internal readonly record struct OffsetLine(long ReferenceMedia, long ReferenceOffset, double Slope, bool RateKnown)
{
    private const double MaxPlausibleSlope = 0.1;

    public long OffsetAt(long media) => ReferenceOffset + (long)Math.Round(Slope * (media - ReferenceMedia));

    /// <summary>
    /// The line under the points that lies closest to them (the linear program "maximise the sum of
    /// line values subject to staying below every point"): the edge of their lower convex hull beneath
    /// their mean media time. Without <paramref name="estimateRate"/> it is flat, through the lowest point.
    /// </summary>
    /// <param name="points">In increasing media time.</param>
    public static OffsetLine Under(IReadOnlyList<ArrivalPoint> points, bool estimateRate)
    {
        if (points.Count == 0)
        {
            throw new ArgumentException("At least one point is needed.", nameof(points));
        }

        var origin = points[0];
        var mean = 0.0;
        foreach (var point in points)
        {
            mean += (point.Media - origin.Media) / (double)points.Count;
        }

        var slope = estimateRate && points.Count >= 2 ? HullSlopeAt(points, origin, mean) : 0.0;
        var reference = origin.Media + (long)Math.Round(mean);

        // Whatever the slope, the line supports the points from below: its offset is their least.
        var lowest = long.MaxValue;
        foreach (var point in points)
        {
            lowest = Math.Min(lowest, point.Offset - (long)Math.Round(slope * (point.Media - reference)));
        }

        return new OffsetLine(reference, lowest, slope, estimateRate && points.Count >= 2);
    }

    private static double HullSlopeAt(IReadOnlyList<ArrivalPoint> points, ArrivalPoint origin, double x)
    {
        // Andrew's monotone chain, lower half; coordinates relative to the first point keep doubles exact enough.
        var hull = new List<(double X, double Y)>(points.Count);
        foreach (var point in points)
        {
            var next = (X: (double)(point.Media - origin.Media), Y: (double)(point.Offset - origin.Offset));
            while (hull.Count >= 2 && Cross(hull[^2], hull[^1], next) <= 0)
            {
                hull.RemoveAt(hull.Count - 1);
            }

            hull.Add(next);
        }

        for (var i = 0; i + 1 < hull.Count; i++)
        {
            if (hull[i + 1].X >= x)
            {
                var slope = (hull[i + 1].Y - hull[i].Y) / (hull[i + 1].X - hull[i].X);
                return Math.Clamp(slope, -MaxPlausibleSlope, MaxPlausibleSlope);
            }
        }

        return 0.0;
    }

    private static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) =>
        ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
}
