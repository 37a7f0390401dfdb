using EnergyBench.Campaign;

namespace EnergyBench.Tests;

/// <summary>
/// The partition of a plan into shards: every case in exactly one shard, the same partition whatever the order of
/// the cases, shards within one case's time of each other.
/// </summary>
public class ShardPartitionTests
{
    /// <summary>A plan of <paramref name="size"/> cases: varied estimates (with ties), all equal, or none (all 0).</summary>
    private static List<PlannedCase> Plan(int size, string estimates) =>
        Enumerable.Range(0, size).Select(i => new PlannedCase(i, $"OnnxCpu.Generate(Model=m{i % 7}, Threads={i}) [Job=Monitoring]", "OnnxCpu",
            "onnx-cpu", $"m{i % 7}", new Dictionary<string, string> { ["Threads"] = $"{i}" }, $"onnx-cpu (Threads={i})", estimates switch
            {
                "varied" => 30 + (i * 37 % 11) * 60.0, // 11 distinct values, so ties too
                "equal" => 120,
                "zero" => 0,
                _ => throw new ArgumentOutOfRangeException(nameof(estimates)),
            })).ToList();

    public static TheoryData<int, int, string> Pairs()
    {
        var data = new TheoryData<int, int, string>();
        foreach (int size in new[] { 0, 1, 2, 5, 17, 40 })
            foreach (int count in new[] { 1, 2, 3, 7, 50 })
                foreach (string estimates in new[] { "varied", "equal", "zero" })
                    data.Add(size, count, estimates);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_case_is_in_exactly_one_shard_and_each_shard_keeps_the_plans_order(int size, int count, string estimates)
    {
        var plan = Plan(size, estimates);
        var shards = ShardPartition.Assign(plan, count);
        Assert.Equal(size, shards.Count);
        Assert.All(shards, s => Assert.InRange(s, 1, count));

        var selected = Enumerable.Range(1, count).Select(i => ShardPartition.Cases(plan, new ShardSpec(i, count))).ToList();
        var all = selected.SelectMany(s => s).ToList();
        Assert.Equal(size, all.Count);
        Assert.Equal(plan.Select(c => c.Key).Order(), all.Select(c => c.Key).Order()); // all there, none twice
        foreach (var shard in selected)
            Assert.Equal(shard.OrderBy(plan.IndexOf), shard);
        Assert.Equal(Math.Min(size, count), selected.Count(s => s.Count > 0)); // a shard stays empty only when there are fewer cases than shards
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_partition_does_not_depend_on_the_order_of_the_cases(int size, int count, string estimates)
    {
        var plan = Plan(size, estimates);
        var shuffled = plan.OrderBy(c => c.Index * 7919 % 101).ThenBy(c => c.Index).ToList(); // a fixed permutation
        var shardOf = ShardPartition.Assign(plan, count).Select((s, i) => (plan[i].Key, s)).ToDictionary();
        var shuffledShardOf = ShardPartition.Assign(shuffled, count).Select((s, i) => (shuffled[i].Key, s)).ToDictionary();
        Assert.Equal(shardOf.OrderBy(p => p.Key), shuffledShardOf.OrderBy(p => p.Key));
        Assert.Equal(ShardPartition.Assign(plan, count), ShardPartition.Assign(Plan(size, estimates), count)); // and again from a new plan
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Shards_differ_by_at_most_the_longest_case(int size, int count, string estimates)
    {
        var plan = Plan(size, estimates);
        var shards = ShardPartition.Assign(plan, count);
        bool none = plan.All(c => c.EstimateSeconds == 0);
        var load = Enumerable.Range(1, count).Select(s => plan.Where((_, i) => shards[i] == s).Sum(c => none ? 1 : c.EstimateSeconds)).ToList();
        double longest = plan.Count == 0 ? 0 : plan.Max(c => none ? 1 : c.EstimateSeconds);
        Assert.True(load.Max() - load.Min() <= longest, $"shard loads {string.Join(", ", load)}; longest case {longest}");
    }

    [Fact]
    public void Longest_cases_go_first_each_to_the_lightest_shard()
    {
        double[] estimates = [5, 10, 1, 7, 3, 4];
        var plan = estimates.Select((e, i) => new PlannedCase(i, $"k{i}", "B", "c", "m", new Dictionary<string, string>(), $"c{i}", e)).ToList();
        // 10 -> 1; 7 -> 2; 5 -> 2 (12); 4 -> 1 (14); 3 -> 2 (15); 1 -> 1 (15).
        Assert.Equal([2, 1, 1, 2, 2, 1], ShardPartition.Assign(plan, 2));
    }

    [Fact]
    public void Without_estimates_the_shards_get_equal_counts_in_index_order()
    {
        var plan = Plan(7, "zero");
        Assert.Equal([1, 2, 3, 1, 2, 3, 1], ShardPartition.Assign(plan, 3));
    }

    [Fact]
    public void Cases_without_an_estimate_among_estimated_ones_are_spread_by_count()
    {
        var plan = Plan(6, "zero").Select((c, i) => i < 2 ? c with { EstimateSeconds = 100 } : c).ToList();
        var shards = ShardPartition.Assign(plan, 2);
        Assert.NotEqual(shards[0], shards[1]);
        Assert.Equal(3, shards.Count(s => s == 1));
    }

    [Theory]
    [InlineData(0, double.NaN, "shard count 0")]
    [InlineData(2, -1.0, "case 0 (onnx-cpu (Threads=0)): estimate -1 s")]
    [InlineData(2, double.PositiveInfinity, "case 0 (onnx-cpu (Threads=0)): estimate ")]
    public void A_bad_count_or_estimate_is_refused_naming_it(int count, double estimate, string expected)
    {
        var plan = Plan(3, "equal");
        if (!double.IsNaN(estimate))
            plan[0] = plan[0] with { EstimateSeconds = estimate };
        var error = Assert.Throws<ArgumentException>(() => ShardPartition.Assign(plan, count));
        Assert.StartsWith(expected, error.Message);
    }
}
