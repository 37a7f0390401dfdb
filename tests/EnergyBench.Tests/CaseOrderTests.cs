using EnergyBench.Campaign;

namespace EnergyBench.Tests;

/// <summary>A random order is a permutation fixed by its seed, the same in every process; the plan order is kept as is.</summary>
public class CaseOrderTests
{
    private static readonly IReadOnlyList<int> Cases = Enumerable.Range(0, 24).ToList();

    [Fact]
    public void A_seed_gives_one_permutation_and_another_seed_another()
    {
        var first = CaseOrder.Arrange(Cases, CaseOrder.Random, seed: 11);

        Assert.Equal(Cases, first.Order());
        Assert.Equal(first, CaseOrder.Arrange(Cases, CaseOrder.Random, seed: 11));
        Assert.NotEqual(first, CaseOrder.Arrange(Cases, CaseOrder.Random, seed: 12));
        Assert.NotEqual(Cases, first);
        // A seeded System.Random gives the same sequence on every .NET, so a recorded seed replays the order anywhere.
        Assert.Equal([12, 14, 7, 22, 21], first.Take(5));
    }

    [Fact]
    public void The_plan_order_is_kept()
    {
        Assert.Equal(Cases, CaseOrder.Arrange(Cases, CaseOrder.Plan, seed: 11));
    }
}
