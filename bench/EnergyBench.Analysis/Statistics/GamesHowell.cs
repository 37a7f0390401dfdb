namespace EnergyBench.Analysis.Statistics;

/// <summary>
/// Games-Howell pairwise comparisons after Welch's ANOVA: Welch t with Welch-Satterthwaite df, its p-value taken from
/// the studentized range of all k means (q = |t| sqrt 2), which already controls the family-wise error.
/// </summary>
public static class GamesHowell
{
    public static IReadOnlyList<PairResult> Test(IReadOnlyList<Group> groups)
    {
        Group.Require(groups, 2, "Games-Howell");
        if (groups.FirstOrDefault(g => g.Variance == 0) is { } constant)
            throw new StatisticsException($"Games-Howell is undefined: {constant.Name} has zero variance (all {constant.Count} values equal)");
        var pairs = new List<PairResult>();
        for (int i = 0; i < groups.Count; i++)
        for (int j = i + 1; j < groups.Count; j++)
        {
            Group a = groups[i], b = groups[j];
            double va = a.Variance / a.Count, vb = b.Variance / b.Count;
            double se = Math.Sqrt(va + vb);
            double difference = a.Mean - b.Mean;
            double df = (va + vb) * (va + vb) / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
            if (df < 2)
                throw new StatisticsException(FormattableString.Invariant(
                    $"Games-Howell needs at least 2 Welch degrees of freedom; {a.Name} vs {b.Name} has {df:0.##} (more iterations per configuration)"));
            double q = Math.Abs(difference) / se * Math.Sqrt(2);
            double p = StudentizedRange.UpperTail(q, groups.Count, df);
            pairs.Add(new PairResult(a.Name, b.Name, "Games-Howell", difference, se, q, df, p, p));
        }
        return pairs;
    }
}
