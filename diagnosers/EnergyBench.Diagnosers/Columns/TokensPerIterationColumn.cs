using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Iterations;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>Tokens generated per measured iteration, as counted by the benchmark process (mean over actual iterations).</summary>
public sealed class TokensPerIterationColumn()
    : ReportColumn("Tokens/iter", "Tokens/iter", "Tokens generated in one measured iteration (mean over actual iterations)", "0")
{
    protected override double? Compute(BenchmarkReport report)
    {
        var iterations = BenchmarkProcessOutput.ActualIterations(report);
        return iterations.Count == 0 ? null : iterations.Average(i => (double)i.Tokens);
    }
}
