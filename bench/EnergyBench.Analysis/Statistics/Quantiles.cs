namespace EnergyBench.Analysis.Statistics;

/// <summary>Sample quantiles by linear interpolation between order statistics (Hyndman and Fan type 7, R's default).</summary>
public static class Quantiles
{
    public static double Of(IReadOnlyList<double> sorted, double probability)
    {
        if (sorted.Count == 0)
            throw new StatisticsException("a quantile of no values");
        double h = (sorted.Count - 1) * probability;
        int low = (int)Math.Floor(h);
        int high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
    }
}
