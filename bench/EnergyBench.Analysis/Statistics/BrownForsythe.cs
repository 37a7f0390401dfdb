using MathNet.Numerics.Distributions;

namespace EnergyBench.Analysis.Statistics;

/// <summary>
/// Levene's test of equal variances centred on the median (Brown and Forsythe, 1974): a one-way ANOVA of the absolute
/// deviations from each group's median, as R's <c>car::leveneTest</c> computes it by default.
/// </summary>
public static class BrownForsythe
{
    public static TestResult Test(IReadOnlyList<Group> groups)
    {
        Group.Require(groups, 2, "Levene's test");
        var deviations = groups.Select(g =>
        {
            double median = Quantiles.Of(g.Values.Order().ToArray(), 0.5);
            return g.Values.Select(v => Math.Abs(v - median)).ToArray();
        }).ToArray();
        int k = groups.Count, total = deviations.Sum(d => d.Length);
        double grand = deviations.SelectMany(d => d).Average();
        double between = deviations.Sum(d => d.Length * Math.Pow(d.Average() - grand, 2));
        double within = deviations.Sum(d => d.Sum(z => Math.Pow(z - d.Average(), 2)));
        double df1 = k - 1, df2 = total - k;
        if (within == 0)
            throw new StatisticsException("Levene's test is undefined: every value equals its group's median spread (no variation within groups)");
        double f = between / df1 / (within / df2);
        return new TestResult("Levene (median)", f, df1, df2, Tails.FisherUpper(df1, df2, f));
    }
}
