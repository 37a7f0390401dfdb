namespace EnergyBench.Inference.Engines;

/// <summary>A serving configuration cannot run on this machine (missing native library, device or package).</summary>
public sealed class ConfigurationUnavailableException(ServingConfiguration configuration, string reason)
    : Exception($"{configuration.ShortName} unavailable: {reason}")
{
    public ServingConfiguration Configuration { get; } = configuration;
    public string Reason { get; } = reason;
}
