using EnergyBench.Inference.Engines.Jit;
using EnergyBench.Inference.Engines.Onnx;
using EnergyBench.Inference.Engines.OpenVino;
using EnergyBench.Inference.Engines.Torch;
using EnergyBench.Models;

namespace EnergyBench.Inference.Engines;

/// <summary>Creates the engine for a serving configuration, or says why that configuration cannot run here.</summary>
public static class EngineFactory
{
    public static IDecoderEngine Create(ServingConfiguration configuration, ModelDirectory model, EngineOptions options) =>
        configuration.Engine switch
        {
            RuntimeEngine.Torch => new TorchDecoderEngine(configuration, model, options),
            RuntimeEngine.Jit => new JitDecoderEngine(configuration, model, options),
            RuntimeEngine.Onnx => new OnnxDecoderEngine(configuration, model, options),
            RuntimeEngine.OpenVino => new OpenVinoDecoderEngine(configuration, model, options),
            _ => throw new ArgumentOutOfRangeException(nameof(configuration), configuration, "unknown engine"),
        };
}
