using MathNet.Numerics.Distributions;

namespace EnergyBench.Analysis.Statistics;

/// <summary>
/// Summary of one group: n, mean, SD, median, quartiles, range and a distribution-free confidence interval of the
/// median from order statistics (the widest-coverage-first pair [x(l), x(n+1-l)] whose binomial coverage is at least
/// the level; n &lt; 6 cannot reach 95 %, so those intervals are the whole range and say so through <see cref="MedianCiCoverage"/>).
/// </summary>
public sealed record Descriptive(
    int N, double Mean, double StandardDeviation, double Median, double Q1, double Q3, double Min, double Max,
    double MedianCiLower, double MedianCiUpper, double MedianCiCoverage)
{
    public double Iqr => Q3 - Q1;

    public static Descriptive Of(IReadOnlyList<double> values, double level = 0.95)
    {
        if (values.Count == 0)
            throw new StatisticsException("no values to describe");
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        double mean = sorted.Average();
        double sd = n > 1 ? Math.Sqrt(sorted.Sum(v => (v - mean) * (v - mean)) / (n - 1)) : 0;

        // Coverage of [x(l), x(n+1-l)] is P(l <= B <= n - l) for B ~ Binomial(n, 1/2); take the largest l that keeps it >= level.
        int l = 1;
        double coverage = Coverage(n, 1);
        for (int candidate = 2; candidate <= n / 2; candidate++)
        {
            double c = Coverage(n, candidate);
            if (c < level)
                break;
            (l, coverage) = (candidate, c);
        }
        return new Descriptive(n, mean, sd, Quantiles.Of(sorted, 0.5), Quantiles.Of(sorted, 0.25), Quantiles.Of(sorted, 0.75),
            sorted[0], sorted[^1], sorted[l - 1], sorted[n - l], coverage);
    }

    private static double Coverage(int n, int l) =>
        n == 1 ? 1 : Binomial.CDF(0.5, n, n - l) - Binomial.CDF(0.5, n, l - 1);
}
