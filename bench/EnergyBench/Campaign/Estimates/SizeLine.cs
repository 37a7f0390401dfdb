namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// Seconds as a straight line in the bytes of weights a model holds: <c>Intercept + Slope x bytes</c>. A batch-1 decode
/// step reads every weight once, so once the weights are far larger than the caches its time is a fixed overhead plus
/// bytes over the memory bandwidth the engine reaches; loading a model reads and converts every weight the same way.
/// </summary>
public readonly record struct SizeLine(double Intercept, double Slope)
{
    public double At(double bytes) => Intercept + Slope * bytes;

    /// <summary>The bandwidth the slope stands for, bytes per second.</summary>
    public double BytesPerSecond => 1 / Slope;

    /// <summary>
    /// The least-squares line through <paramref name="points"/> (bytes, seconds), kept rising and never below zero at
    /// zero bytes, so a larger model is never estimated faster. With one model size (or a fit that does not rise) there
    /// is no slope to measure: <paramref name="shape"/>'s line is scaled to pass through the largest model's point.
    /// </summary>
    public static SizeLine Fit(IReadOnlyList<(double Bytes, double Seconds)> points, SizeLine shape)
    {
        if (points.Count == 0)
            throw new ArgumentException("no points to fit a line through", nameof(points));
        if (points.Any(p => !(p.Bytes > 0) || !(p.Seconds > 0) || !double.IsFinite(p.Bytes) || !double.IsFinite(p.Seconds)))
            throw new ArgumentException("every point needs positive, finite bytes and seconds", nameof(points));
        var largest = points.MaxBy(p => p.Bytes);
        var scaled = shape * (largest.Seconds / shape.At(largest.Bytes));
        if (points.Select(p => p.Bytes).Distinct().Count() < 2)
            return scaled;

        double meanX = points.Average(p => p.Bytes), meanY = points.Average(p => p.Seconds);
        double sxx = points.Sum(p => (p.Bytes - meanX) * (p.Bytes - meanX));
        double sxy = points.Sum(p => (p.Bytes - meanX) * (p.Seconds - meanY));
        double slope = sxy / sxx, intercept = meanY - slope * meanX;
        if (!(slope > 0))
            return scaled;
        if (intercept >= 0)
            return new SizeLine(intercept, slope);
        // A negative overhead is noise in the smallest model's time: keep the line through zero that fits best.
        return new SizeLine(0, points.Sum(p => p.Bytes * p.Seconds) / points.Sum(p => p.Bytes * p.Bytes));
    }

    public static SizeLine operator *(SizeLine line, double factor) => new(line.Intercept * factor, line.Slope * factor);
}
