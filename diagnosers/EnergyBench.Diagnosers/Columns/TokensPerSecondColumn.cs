using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Iterations;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>
/// Throughput over all measured iterations: tokens generated divided by BenchmarkDotNet's measured workload time.
/// Needs one token count per measured iteration, else n/a.
/// </summary>
public sealed class TokensPerSecondColumn()
    : ReportColumn("Tokens/s", "Tokens/s", "Generated tokens per second: total tokens / total measured time of the actual iterations", "0.0")
{
    protected override double? Compute(BenchmarkReport report)
    {
        var iterations = BenchmarkProcessOutput.ActualIterations(report);
        var measurements = report.AllMeasurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == BenchmarkDotNet.Engines.IterationStage.Actual)
            .ToList();
        if (iterations.Count == 0 || iterations.Count != measurements.Count)
            return null;
        double seconds = measurements.Sum(m => m.Nanoseconds) / 1e9;
        return seconds > 0 ? iterations.Sum(i => (double)i.Tokens) / seconds : null;
    }
}
