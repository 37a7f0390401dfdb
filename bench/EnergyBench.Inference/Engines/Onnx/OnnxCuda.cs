using System.Runtime.InteropServices;
using EnergyBench.Inference.Native;
using Microsoft.ML.OnnxRuntime;

namespace EnergyBench.Inference.Engines.Onnx;

/// <summary>Whether ONNX Runtime can use the CUDA execution provider in this build and on this machine.</summary>
internal static class OnnxCuda
{
    public const string ProviderName = "CUDAExecutionProvider";
    public const string ProviderLibrary = "libonnxruntime_providers_cuda.so";

    private static readonly Lazy<string?> Problem = new(FindProblem, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void Check(ServingConfiguration configuration)
    {
        if (!BuildAccelerator.OnnxHasCuda)
            throw new ConfigurationUnavailableException(configuration, BuildAccelerator.CpuBuildReason(RuntimeEngine.Onnx));
        if (Problem.Value is { } problem)
            throw new ConfigurationUnavailableException(configuration, $"this build references {BuildAccelerator.OnnxPackage}, but {problem}");
    }

    /// <summary>Null when the CUDA provider can start here; otherwise what stops it, once per process.</summary>
    private static string? FindProblem()
    {
        if (!OrtEnv.Instance().GetAvailableProviders().Contains(ProviderName))
            return $"its ONNX Runtime lists no {ProviderName}";
        if (!OperatingSystem.IsLinux())
            return null;
        // The GPU package lists the CUDA provider even where the CUDA libraries are missing, and a session that asks
        // for it then fails with "Failed to load shared library" alone. Loading the provider here names what is missing;
        // it stays loaded, as ONNX Runtime would load it anyway.
        string? provider = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", ProviderLibrary),
            Path.Combine(AppContext.BaseDirectory, ProviderLibrary),
        }.FirstOrDefault(File.Exists);
        if (provider is null)
            return $"{ProviderLibrary} is not in {AppContext.BaseDirectory}";
        try
        {
            NativeLibrary.Load(provider);
        }
        catch (DllNotFoundException e)
        {
            string cause = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            return $"its CUDA provider does not load: {cause} (install the CUDA and cuDNN versions named in {BuildAccelerator.OnnxPackage}'s release notes and put them on LD_LIBRARY_PATH)";
        }
        return CudaRuntime.DeviceProblem();
    }
}
