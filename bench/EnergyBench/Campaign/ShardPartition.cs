using System.Globalization;

namespace EnergyBench.Campaign;

/// <summary>
/// Splits a plan's cases into shards of about equal expected time, the same way in every process that is given the
/// same cases: longest cases first (ties by <see cref="PlannedCase.Index"/>), each to the shard with the least time so
/// far (ties to the one with fewer cases, then to the lowest shard number). With no estimates at all (every one 0)
/// each case weighs the same, so the shards get equal counts. Only the cases' estimates and indexes decide, never
/// their order in the list, so a shuffled plan partitions as the plan does.
/// </summary>
public static class ShardPartition
{
    /// <summary>The shard (1-based) of each case, aligned with <paramref name="cases"/>. More shards than cases leaves some empty.</summary>
    public static IReadOnlyList<int> Assign(IReadOnlyList<PlannedCase> cases, int count)
    {
        if (count < 1)
            throw new ArgumentException($"shard count {count}: there must be at least one shard");
        foreach (var c in cases)
            if (!double.IsFinite(c.EstimateSeconds) || c.EstimateSeconds < 0)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"case {c.Index} ({c.Label}): estimate {c.EstimateSeconds} s is not a finite, non-negative time; re-plan the campaign"));

        bool estimated = cases.Any(c => c.EstimateSeconds > 0);
        double Weight(PlannedCase c) => estimated ? c.EstimateSeconds : 1;

        var order = Enumerable.Range(0, cases.Count)
            .OrderByDescending(i => Weight(cases[i]))
            .ThenBy(i => cases[i].Index)
            .ThenBy(i => i); // equal indexes (not in a real plan): the input order decides, still the same every time
        var load = new double[count];
        var size = new int[count];
        var shards = new int[cases.Count];
        foreach (int i in order)
        {
            int lightest = 0;
            for (int s = 1; s < count; s++)
                if (load[s] < load[lightest] || (load[s] == load[lightest] && size[s] < size[lightest]))
                    lightest = s;
            load[lightest] += Weight(cases[i]);
            size[lightest]++;
            shards[i] = lightest + 1;
        }
        return shards;
    }

    /// <summary>The cases of one shard, in the order they have in <paramref name="cases"/>.</summary>
    public static IReadOnlyList<PlannedCase> Cases(IReadOnlyList<PlannedCase> cases, ShardSpec shard)
    {
        var shards = Assign(cases, shard.Count);
        return cases.Where((_, i) => shards[i] == shard.Index).ToList();
    }
}
