using MathNet.Numerics.Distributions;

namespace EnergyBench.Analysis.Statistics;

/// <summary>
/// Dunn's (1964) pairwise test after Kruskal-Wallis: z from the difference of mean ranks with the tie-corrected
/// variance, two-sided normal p-values, Holm-adjusted over all pairs.
/// </summary>
public static class Dunn
{
    public static IReadOnlyList<PairResult> Test(IReadOnlyList<Group> groups)
    {
        Group.Require(groups, 1, "Dunn's test");
        var ranks = Ranks.Of(groups);
        double n = ranks.Total;
        double variance = n * (n + 1) / 12 - ranks.TieTerm / (12 * (n - 1));
        if (variance <= 0)
            throw new StatisticsException("Dunn's test is undefined: all values are identical");
        var raw = new List<PairResult>();
        for (int i = 0; i < groups.Count; i++)
        for (int j = i + 1; j < groups.Count; j++)
        {
            double difference = ranks.ByGroup[i].Average() - ranks.ByGroup[j].Average();
            double se = Math.Sqrt(variance * (1.0 / groups[i].Count + 1.0 / groups[j].Count));
            double z = difference / se;
            double p = 2 * Normal.CDF(0, 1, -Math.Abs(z));
            raw.Add(new PairResult(groups[i].Name, groups[j].Name, "Dunn", difference, se, z, null, p, p));
        }
        var adjusted = Holm.Adjust(raw.Select(r => r.P).ToArray());
        return raw.Select((r, i) => r with { PAdjusted = adjusted[i] }).ToList();
    }
}
