namespace EnergyBench.Analysis.Statistics;

/// <summary>Effect sizes for the omnibus tests and for pairs.</summary>
public static class EffectSizes
{
    /// <summary>
    /// Omega-squared of a one-way design, (SS_between - (k-1) MS_within) / (SS_total + MS_within), floored at 0: the
    /// share of variance explained by the configuration, less biased than eta-squared.
    /// </summary>
    public static double OmegaSquared(IReadOnlyList<Group> groups)
    {
        Group.Require(groups, 2, "omega-squared");
        double grand = groups.SelectMany(g => g.Values).Average();
        double between = groups.Sum(g => g.Count * Math.Pow(g.Mean - grand, 2));
        double within = groups.Sum(g => g.Values.Sum(v => Math.Pow(v - g.Mean, 2)));
        int n = groups.Sum(g => g.Count), k = groups.Count;
        double msWithin = within / (n - k);
        double total = between + within;
        return total + msWithin == 0 ? 0 : Math.Max(0, (between - (k - 1) * msWithin) / (total + msWithin));
    }

    /// <summary>Epsilon-squared of Kruskal-Wallis, H / (n - 1) (Tomczak and Tomczak, 2014).</summary>
    public static double EpsilonSquared(TestResult kruskalWallis, int n) => kruskalWallis.Statistic / (n - 1);

    /// <summary>Vargha-Delaney A12: the probability that a value of <paramref name="a"/> exceeds one of <paramref name="b"/>, ties counting half.</summary>
    public static double VarghaDelaneyA12(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count == 0 || b.Count == 0)
            throw new StatisticsException("Vargha-Delaney A12 needs values in both groups");
        double wins = 0;
        foreach (double x in a)
            foreach (double y in b)
                wins += x > y ? 1 : x == y ? 0.5 : 0;
        return wins / (a.Count * (double)b.Count);
    }
}
