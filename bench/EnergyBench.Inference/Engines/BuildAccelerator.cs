namespace EnergyBench.Inference.Engines;

/// <summary>Which native packages this build references: the CPU builds (default) or the CUDA builds (-p:Accelerator=cuda).</summary>
public static class BuildAccelerator
{
    // A property rather than a const, so the code behind each branch compiles without unreachable-code warnings.
#if BENCH_CUDA
    public static bool HasCudaPackages => true;
#else
    public static bool HasCudaPackages => false;
#endif

    public static string Name => HasCudaPackages ? "cuda" : "cpu";

    /// <summary>Why a CUDA configuration cannot run in a build made with the CPU packages.</summary>
    public static string CpuBuildReason(string package) =>
        $"this build references the CPU package {package}; build with BENCH_ACCELERATOR=cuda (or -p:Accelerator=cuda) on a machine with an NVIDIA GPU";
}
