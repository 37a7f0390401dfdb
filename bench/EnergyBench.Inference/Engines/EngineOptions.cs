namespace EnergyBench.Inference.Engines;

/// <summary>Settings every engine honours. Intra-op threads default to one per physical core.</summary>
public sealed record EngineOptions(int IntraOpThreads)
{
    public static EngineOptions Default { get; } = new(CpuTopology.PhysicalCoreCount);
}
