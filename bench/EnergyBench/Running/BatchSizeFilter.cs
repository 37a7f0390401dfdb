using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using EnergyBench.Benchmarks;
using EnergyBench.Inference.Engines;

namespace EnergyBench.Running;

/// <summary>
/// Leaves out the (configuration, batch size) cases an engine cannot decode, e.g. openvino-cpu at batch 4, with one
/// line per case saying why, instead of letting them fail inside a benchmark process.
/// </summary>
public sealed class BatchSizeFilter : IFilter
{
    private readonly HashSet<string> _reported = [];

    public bool Predicate(BenchmarkCase benchmarkCase)
    {
        if (!typeof(ServingBenchmark).IsAssignableFrom(benchmarkCase.Descriptor.Type)
            || benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(ServingBenchmark.BatchSize))?.Value is not int size)
            return true;
        var configuration = ServingBenchmarks.ConfigurationOf(benchmarkCase.Descriptor.Type);
        string? reason = ConfigurationAvailability.CheckBatchSize(configuration, size);
        if (reason is not null && _reported.Add($"{configuration.ShortName} {size}"))
            Console.WriteLine($"skipped {configuration.ShortName} at batch size {size}: {reason}");
        return reason is null;
    }
}
