using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>
/// The share of the measured iterations spent outside the engine's forward calls (mean over the actual iterations), read
/// from the benchmark process's own iteration records, so it is there with or without meters.
/// </summary>
public sealed class NonForwardShareColumn()
    : ReportColumn("NonForwardShare", SampleMetric.NonForwardShare.ColumnName,
        SampleMetric.NonForwardShare.Legend + "; mean over the actual iterations; n/a where the engine's forward calls are not timed " +
        "(the forward_timer setting in the environment section says why)", "0.0000")
{
    protected override double? Compute(BenchmarkReport report)
    {
        var shares = BenchmarkProcessOutput.ActualIterations(report).Select(i => i.NonForwardShare).ToList();
        return shares.Count == 0 || shares.Any(s => s is null) ? null : shares.Average(s => s!.Value);
    }
}
