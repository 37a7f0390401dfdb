using EnergyBench.Inference.Engines;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// A theory about what the default build (the CPU packages) says of CUDA configurations; skipped with the reason in
/// a CUDA build, whose answer depends on the device it finds, instead of passing without having run.
/// </summary>
public sealed class CpuBuildTheoryAttribute : TheoryAttribute
{
    public CpuBuildTheoryAttribute()
    {
        if (BuildAccelerator.HasCudaPackages)
            Skip = "needs the CPU build: this one references the CUDA packages (BENCH_ACCELERATOR=cuda), which decide by the device they find";
    }
}
