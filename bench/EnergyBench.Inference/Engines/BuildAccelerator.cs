namespace EnergyBench.Inference.Engines;

/// <summary>
/// Which native package each engine of this build references: the CPU builds (default), or the CUDA build of ONNX
/// Runtime (-p:OnnxAccelerator=cuda) and of TorchSharp (-p:TorchAccelerator=cuda), each on its own.
/// </summary>
public static class BuildAccelerator
{
    public const string OnnxVariable = "BENCH_ONNX_ACCELERATOR";
    public const string TorchVariable = "BENCH_TORCH_ACCELERATOR";

    // Properties rather than consts, so the code behind each branch compiles without unreachable-code warnings.
#if BENCH_ONNX_CUDA
    public static bool OnnxHasCuda => true;
#else
    public static bool OnnxHasCuda => false;
#endif
#if BENCH_TORCH_CUDA
    public static bool TorchHasCuda => true;
#else
    public static bool TorchHasCuda => false;
#endif

    public static string OnnxPackage => OnnxHasCuda ? "Microsoft.ML.OnnxRuntime.Gpu" : "Microsoft.ML.OnnxRuntime";
    public static string TorchPackage => TorchHasCuda ? "TorchSharp-cuda-linux" : "TorchSharp-cpu";

    /// <summary>Whether the package <paramref name="engine"/> runs on was built with CUDA.</summary>
    public static bool HasCuda(RuntimeEngine engine) => engine switch
    {
        RuntimeEngine.Onnx => OnnxHasCuda,
        RuntimeEngine.Torch or RuntimeEngine.Jit => TorchHasCuda,
        _ => false,
    };

    /// <summary>The NuGet package <paramref name="engine"/> runs on in this build (OpenVINO has none: it is installed apart).</summary>
    public static string? Package(RuntimeEngine engine) => engine switch
    {
        RuntimeEngine.Onnx => OnnxPackage,
        RuntimeEngine.Torch or RuntimeEngine.Jit => TorchPackage,
        _ => null,
    };

    /// <summary>Why a CUDA configuration of <paramref name="engine"/> cannot run in a build made with its CPU package.</summary>
    public static string CpuBuildReason(RuntimeEngine engine) => engine == RuntimeEngine.Onnx
        ? $"this build references {OnnxPackage}, the CPU-only package; build with {OnnxVariable}=cuda (or -p:OnnxAccelerator=cuda) on a machine with an NVIDIA GPU"
        : $"this build references {TorchPackage}, the CPU-only package; build with {TorchVariable}=cuda (or -p:TorchAccelerator=cuda) on a machine with an NVIDIA GPU";

    /// <summary>The per-engine variables that make a build reference this build's packages.</summary>
    public static IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        [OnnxVariable] = OnnxHasCuda ? "cuda" : "cpu",
        [TorchVariable] = TorchHasCuda ? "cuda" : "cpu",
    };

    /// <summary>
    /// Sets <see cref="Variables"/> in this process, so the builds BenchmarkDotNet starts for its benchmark processes
    /// (which inherit the environment, not this build's MSBuild properties) reference the same packages.
    /// </summary>
    public static void PassToChildBuilds()
    {
        foreach (var (name, value) in Variables)
            Environment.SetEnvironmentVariable(name, value);
    }
}
