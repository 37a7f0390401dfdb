using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using EnergyBench.Benchmarks;
using EnergyBench.Inference.Engines;

namespace EnergyBench.Running;

/// <summary>
/// Leaves out the (configuration, precision) cases an engine cannot run, e.g. onnx-cpu in bf16, with one line per
/// case saying why, instead of letting them fail inside a benchmark process.
/// </summary>
public sealed class PrecisionFilter : IFilter
{
    private readonly HashSet<string> _reported = [];

    public bool Predicate(BenchmarkCase benchmarkCase)
    {
        if (!typeof(ServingBenchmark).IsAssignableFrom(benchmarkCase.Descriptor.Type)
            || benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(ServingBenchmark.Precision))?.Value is not string name)
            return true;
        var configuration = ServingBenchmarks.ConfigurationOf(benchmarkCase.Descriptor.Type);
        string? reason = ConfigurationAvailability.CheckPrecision(configuration, PrecisionNames.Parse(name));
        if (reason is not null && _reported.Add($"{configuration.ShortName} {name}"))
            Console.WriteLine($"skipped {configuration.ShortName} in {name}: {reason}");
        return reason is null;
    }
}
