namespace EnergyBench.Inference.Engines;

/// <summary>Settings every engine honours. Intra-op threads default to one per physical core, precision to fp32.</summary>
public sealed record EngineOptions(int IntraOpThreads, Precision Precision = Precision.Fp32)
{
    public static EngineOptions Default { get; } = new(CpuTopology.PhysicalCoreCount);
}
