using MathNet.Numerics.Distributions;

namespace EnergyBench.Analysis.Statistics;

/// <summary>The Kruskal-Wallis rank-sum test with the correction for ties, as R's <c>kruskal.test</c>.</summary>
public static class KruskalWallis
{
    public static TestResult Test(IReadOnlyList<Group> groups)
    {
        Group.Require(groups, 1, "Kruskal-Wallis");
        var ranks = Ranks.Of(groups);
        double n = ranks.Total;
        double correction = 1 - ranks.TieTerm / (n * n * n - n);
        if (correction <= 0)
            throw new StatisticsException("Kruskal-Wallis is undefined: all values are identical");
        double h = 12 / (n * (n + 1)) * ranks.ByGroup.Sum(r => r.Sum() * r.Sum() / r.Length) - 3 * (n + 1);
        h /= correction;
        double df = groups.Count - 1;
        return new TestResult("Kruskal-Wallis", h, df, null, Tails.ChiSquaredUpper(df, h));
    }
}
