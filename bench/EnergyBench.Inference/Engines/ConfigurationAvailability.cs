using EnergyBench.Inference.Engines.Onnx;
using EnergyBench.Inference.Engines.OpenVino;
using EnergyBench.Inference.Engines.Torch;

namespace EnergyBench.Inference.Engines;

/// <summary>
/// Says before a run whether a serving configuration can execute on this machine and build, cheaply and without a
/// model: the native library loads, the provider is compiled in, the device is there.
/// </summary>
public static class ConfigurationAvailability
{
    /// <summary>Null when the configuration can run here; otherwise the reason it cannot.</summary>
    public static string? Check(ServingConfiguration configuration)
    {
        try
        {
            switch (configuration.Engine, configuration.Provider)
            {
                case (RuntimeEngine.OpenVino, _):
                    OpenVinoLibrary.Load(configuration);
                    return null;
                case (RuntimeEngine.Torch or RuntimeEngine.Jit, ExecutionProvider.Cuda):
                    TorchRuntime.CheckCuda(configuration);
                    return null;
                case (RuntimeEngine.Onnx, ExecutionProvider.Cuda):
                    OnnxCuda.Check(configuration);
                    return null;
                default:
                    return null;
            }
        }
        catch (ConfigurationUnavailableException e)
        {
            return e.Reason;
        }
    }

    /// <summary>Null when the configuration's engine computes in <paramref name="precision"/>; otherwise why not.</summary>
    public static string? CheckPrecision(ServingConfiguration configuration, Precision precision) =>
        configuration.Engine == RuntimeEngine.Onnx && precision != Precision.Fp32
            ? $"{precision.Name()} is not supported: the ONNX export is fp32"
            : null;

    /// <summary>Null when the configuration decodes batches of <paramref name="batchSize"/> sequences; otherwise why not.</summary>
    public static string? CheckBatchSize(ServingConfiguration configuration, int batchSize) =>
        configuration.Engine == RuntimeEngine.OpenVino && batchSize > 1 ? OpenVinoBatchReason(batchSize) : null;

    internal static string OpenVinoBatchReason(int batchSize) =>
        $"batch size {batchSize} is not implemented for OpenVINO here (its session decodes one sequence per request); use batch size 1";
}
