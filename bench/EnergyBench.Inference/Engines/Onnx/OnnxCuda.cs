using Microsoft.ML.OnnxRuntime;

namespace EnergyBench.Inference.Engines.Onnx;

/// <summary>Whether ONNX Runtime can use the CUDA execution provider in this build.</summary>
internal static class OnnxCuda
{
    public const string ProviderName = "CUDAExecutionProvider";

    public static void Check(ServingConfiguration configuration)
    {
        if (!BuildAccelerator.HasCudaPackages)
            throw new ConfigurationUnavailableException(configuration, BuildAccelerator.CpuBuildReason("Microsoft.ML.OnnxRuntime"));
        // The CPU package's managed API has AppendExecutionProvider_CUDA too; it fails only when called, so ask the library.
        if (!OrtEnv.Instance().GetAvailableProviders().Contains(ProviderName))
            throw new ConfigurationUnavailableException(configuration, $"this ONNX Runtime build has no {ProviderName}");
    }
}
