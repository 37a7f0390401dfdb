namespace EnergyBench.Analysis.Statistics;

/// <summary>Mid-ranks of pooled groups (ties share the mean of their ranks) and the tie term sum(t^3 - t).</summary>
public sealed class Ranks
{
    private Ranks(double[][] byGroup, double tieTerm, int total)
    {
        ByGroup = byGroup;
        TieTerm = tieTerm;
        Total = total;
    }

    /// <summary>Ranks of each group's values, in the groups' own order.</summary>
    public double[][] ByGroup { get; }

    /// <summary>Sum over tied blocks of t^3 - t.</summary>
    public double TieTerm { get; }

    public int Total { get; }

    public static Ranks Of(IReadOnlyList<Group> groups)
    {
        var pooled = groups.SelectMany((g, gi) => g.Values.Select((v, vi) => (Value: v, Group: gi, Index: vi))).OrderBy(e => e.Value).ToArray();
        var byGroup = groups.Select(g => new double[g.Count]).ToArray();
        double tieTerm = 0;
        for (int start = 0; start < pooled.Length;)
        {
            int end = start;
            while (end + 1 < pooled.Length && pooled[end + 1].Value == pooled[start].Value)
                end++;
            double rank = (start + end) / 2.0 + 1; // mean of ranks start+1 .. end+1
            for (int i = start; i <= end; i++)
                byGroup[pooled[i].Group][pooled[i].Index] = rank;
            double t = end - start + 1;
            tieTerm += t * t * t - t;
            start = end + 1;
        }
        return new Ranks(byGroup, tieTerm, pooled.Length);
    }
}
