using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using EnergyBench.Benchmarks;
using EnergyBench.Inference.Engines;

namespace EnergyBench.Running;

/// <summary>
/// Leaves out the cases an engine cannot run, e.g. onnx-cpu in bf16 or openvino-cpu at batch 4, with one line per
/// (configuration, parameter value) saying why, instead of letting them fail inside a benchmark process; and the
/// <see cref="ServingBenchmark.Prefill"/> benchmark unless <c>--prefill-benchmark</c> asks for it.
/// </summary>
public sealed class UnsupportedCaseFilter : IFilter
{
    private readonly HashSet<string> _reported = [];

    public bool Predicate(BenchmarkCase benchmarkCase)
    {
        if (!typeof(ServingBenchmark).IsAssignableFrom(benchmarkCase.Descriptor.Type))
            return true;
        // The prefill-only benchmark is asked for, not run by default (a whole second pass over the prompts).
        bool prefill = benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(ServingBenchmark.Prefill);
        if (prefill && !BenchmarkSettings.PrefillBenchmark)
            return false;
        // One new token ends a prompt under every policy: the Prefill benchmark runs once, under the fixed one.
        if (prefill && benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(ServingBenchmark.Stop))?.Value is string stop and not "fixed")
            return false;
        var configuration = ServingBenchmarks.ConfigurationOf(benchmarkCase.Descriptor.Type);
        var parameters = benchmarkCase.Parameters.Items;
        if (parameters.FirstOrDefault(p => p.Name == nameof(ServingBenchmark.Precision))?.Value is string precision
            && !Supported(ConfigurationAvailability.CheckPrecision(configuration, PrecisionNames.Parse(precision)), $"{configuration.ShortName} in {precision}"))
            return false;
        if (parameters.FirstOrDefault(p => p.Name == nameof(ServingBenchmark.BatchSize))?.Value is int size
            && !Supported(ConfigurationAvailability.CheckBatchSize(configuration, size), $"{configuration.ShortName} at batch size {size}"))
            return false;
        return true;
    }

    private bool Supported(string? reason, string what)
    {
        if (reason is not null && _reported.Add(what))
            Console.WriteLine($"skipped {what}: {reason}");
        return reason is null;
    }
}
