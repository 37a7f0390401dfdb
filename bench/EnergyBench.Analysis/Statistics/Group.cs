namespace EnergyBench.Analysis.Statistics;

/// <summary>One sample of a comparison: a configuration's values of one metric.</summary>
public sealed record Group(string Name, IReadOnlyList<double> Values)
{
    public int Count => Values.Count;
    public double Mean => Values.Average();

    /// <summary>Sample variance (n - 1 in the denominator).</summary>
    public double Variance
    {
        get
        {
            double mean = Mean;
            return Values.Sum(v => (v - mean) * (v - mean)) / (Count - 1);
        }
    }

    /// <summary>Throws unless every group has at least <paramref name="minimum"/> values and there are at least two groups.</summary>
    public static void Require(IReadOnlyList<Group> groups, int minimum, string test)
    {
        if (groups.Count < 2)
            throw new StatisticsException($"{test} needs at least two groups, got {groups.Count}");
        if (groups.FirstOrDefault(g => g.Count < minimum) is { } small)
            throw new StatisticsException($"{test} needs at least {minimum} values per group; {small.Name} has {small.Count}");
    }
}
