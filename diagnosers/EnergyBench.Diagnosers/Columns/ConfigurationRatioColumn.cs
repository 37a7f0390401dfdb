using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EnergyBench.Diagnosers.Iterations;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>
/// A case's time or energy divided by the same case (same parameters and job) on a baseline serving configuration,
/// e.g. onnx-cpu / torch-cpu. The baseline is looked up across the whole summary, not within BenchmarkDotNet's
/// logical groups, so it still works when classes are joined and grouped by category (where BenchmarkDotNet's own
/// baseline ratios find no baseline).
/// </summary>
public sealed class ConfigurationRatioColumn : IColumn
{
    private readonly string _baseline;
    private readonly Func<BenchmarkReport, double?> _value;

    private ConfigurationRatioColumn(string baseline, string kind, Func<BenchmarkReport, double?> value)
    {
        _baseline = baseline;
        _value = value;
        Id = $"ConfigurationRatio.{kind}";
        ColumnName = $"{char.ToUpperInvariant(kind[0])}{kind[1..]} vs {baseline}";
        Legend = $"Mean {kind} per iteration relative to {baseline} for the same model and parameters (1 = as {baseline}, below 1 = less)";
    }

    /// <summary>Mean time per operation, relative to the baseline configuration.</summary>
    public static ConfigurationRatioColumn Time(string baseline) => new(baseline, "time", r => r.ResultStatistics?.Mean);

    /// <summary>A diagnoser metric (e.g. CPU+GPU energy per operation), relative to the baseline configuration.</summary>
    public static ConfigurationRatioColumn Energy(string baseline, string metricId) =>
        new(baseline, "energy", r => r.Metrics.TryGetValue(metricId, out var metric) ? metric.Value : null);

    public string Id { get; }
    public string ColumnName { get; }
    public string Legend { get; }
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var baseline = summary.Reports.FirstOrDefault(r =>
            BenchmarkProcessOutput.Settings(r).GetValueOrDefault("configuration") == _baseline
            && r.BenchmarkCase.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo
            && r.BenchmarkCase.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo);
        double? value = report is null ? null : _value(report), reference = baseline is null ? null : _value(baseline);
        return value is { } v && reference is { } b && b > 0 && double.IsFinite(v) ? (v / b).ToString("0.000", style.CultureInfo) : "n/a";
    }

    public override string ToString() => ColumnName;
}
