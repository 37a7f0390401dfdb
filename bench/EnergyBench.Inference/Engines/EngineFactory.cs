using EnergyBench.Models;

namespace EnergyBench.Inference.Engines;

/// <summary>Creates the engine for a serving configuration, or says why that configuration cannot run here.</summary>
public static class EngineFactory
{
    public static IDecoderEngine Create(ServingConfiguration configuration, ModelDirectory model, EngineOptions options) =>
        throw new ConfigurationUnavailableException(configuration, "not implemented yet");
}
