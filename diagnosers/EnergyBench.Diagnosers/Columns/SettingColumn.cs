using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EnergyBench.Diagnosers.Iterations;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>A setting the benchmark process reported about itself (e.g. its intra-op thread count), shown as text.</summary>
public sealed class SettingColumn(string key, string columnName, string legend) : IColumn
{
    public string Id => "Setting." + key;
    public string ColumnName => columnName;
    public string Legend => legend;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => -1;
    public bool IsNumeric => false;
    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase] is { } report && BenchmarkProcessOutput.Settings(report).TryGetValue(key, out var value)
            ? value
            : "n/a";

    public override string ToString() => ColumnName;
}
