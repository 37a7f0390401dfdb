using EnergyBench.Inference.Engines;

namespace EnergyBench.Benchmarks;

/// <summary>The benchmark classes of this assembly, one per serving configuration.</summary>
public static class ServingBenchmarks
{
    public static Type[] All { get; } = typeof(ServingBenchmark).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(ServingBenchmark)) && !type.IsAbstract)
        .OrderBy(type => ServingConfiguration.All.ToList().IndexOf(ConfigurationOf(type)))
        .ToArray();

    public static ServingConfiguration ConfigurationOf(Type benchmark) =>
        ((ServingBenchmark)Activator.CreateInstance(benchmark)!).Configuration;
}
