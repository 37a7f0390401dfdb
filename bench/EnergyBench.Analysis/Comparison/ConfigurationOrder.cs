using EnergyBench.Models.Serving;

namespace EnergyBench.Analysis.Comparison;

/// <summary>The order configurations appear in tables and plots: the suite's own order, CPU before CUDA, others after by name.</summary>
public static class ConfigurationOrder
{
    private static readonly string[] Known = ServingConfiguration.All.Select(c => c.ShortName).ToArray();

    public static IEnumerable<string> Sort(IEnumerable<string> configurations) =>
        configurations.Distinct().OrderBy(c => Array.IndexOf(Known, ShortName(c)) is var i and >= 0 ? i : Known.Length).ThenBy(c => c, StringComparer.Ordinal);

    /// <summary>The short name of a samples label: "torch-cpu" in "torch-cpu (Precision=bf16)".</summary>
    public static string ShortName(string configuration) =>
        configuration.IndexOf(" (", StringComparison.Ordinal) is var bracket and > 0 ? configuration[..bracket] : configuration;
}
