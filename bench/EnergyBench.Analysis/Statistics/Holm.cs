namespace EnergyBench.Analysis.Statistics;

/// <summary>Holm's (1979) step-down adjustment of p-values for multiple comparisons, as R's <c>p.adjust(method = "holm")</c>.</summary>
public static class Holm
{
    public static double[] Adjust(IReadOnlyList<double> p)
    {
        int m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            int i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
