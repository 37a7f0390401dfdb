using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>
/// A case's energy per operation divided by its BenchmarkDotNet baseline's: the baseline job of the same benchmark
/// and parameters (<c>--job</c>, <c>--runtimes</c>, a job marked <c>baseline: true</c>), or the baseline benchmark of
/// the group. It stands beside BenchmarkDotNet's own time <c>Ratio</c> and, like it, shows only when the run has a baseline.
/// </summary>
public sealed class BaselineEnergyRatioColumn(string metricId) : BaselineCustomColumn
{
    public override string Id => "EnergyBench.BaselineEnergyRatio";
    public override string ColumnName => "Energy Ratio";
    public override int PriorityInCategory => 10;
    public override bool IsNumeric => true;
    public override UnitType UnitType => UnitType.Dimensionless;
    public override string Legend => "CPU + GPU energy per operation relative to the baseline (job or benchmark) of the same case; 1 = as the baseline, below 1 = less energy";

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, Statistics baseline, IReadOnlyDictionary<string, Metric> baselineMetrics,
        Statistics current, IReadOnlyDictionary<string, Metric> currentMetrics, bool isBaseline) =>
        currentMetrics.TryGetValue(metricId, out var value) && baselineMetrics.TryGetValue(metricId, out var reference)
        && reference.Value > 0 && double.IsFinite(value.Value)
            ? (value.Value / reference.Value).ToString("0.000", summary.GetCultureInfo())
            : "n/a";
}
