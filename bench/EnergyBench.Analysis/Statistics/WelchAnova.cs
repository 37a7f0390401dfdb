using MathNet.Numerics.Distributions;

namespace EnergyBench.Analysis.Statistics;

/// <summary>Welch's (1951) one-way ANOVA for unequal variances, as R's <c>oneway.test(var.equal = FALSE)</c>.</summary>
public static class WelchAnova
{
    public static TestResult Test(IReadOnlyList<Group> groups)
    {
        Group.Require(groups, 2, "Welch's ANOVA");
        if (groups.FirstOrDefault(g => g.Variance == 0) is { } constant)
            throw new StatisticsException($"Welch's ANOVA is undefined: {constant.Name} has zero variance (all {constant.Count} values equal)");
        int k = groups.Count;
        var weights = groups.Select(g => g.Count / g.Variance).ToArray();
        double weightSum = weights.Sum();
        double weightedMean = groups.Select((g, i) => weights[i] * g.Mean).Sum() / weightSum;
        double between = groups.Select((g, i) => weights[i] * Math.Pow(g.Mean - weightedMean, 2)).Sum() / (k - 1);
        double lambda = groups.Select((g, i) => Math.Pow(1 - weights[i] / weightSum, 2) / (g.Count - 1)).Sum();
        double f = between / (1 + 2.0 * (k - 2) / (k * k - 1) * lambda);
        double df1 = k - 1, df2 = (k * k - 1) / (3 * lambda);
        return new TestResult("Welch ANOVA", f, df1, df2, Tails.FisherUpper(df1, df2, f));
    }
}
