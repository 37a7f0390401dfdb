using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>
/// A numeric column computed from one benchmark's report. Subclasses return null when the value cannot be had, and
/// the cell then reads "n/a" rather than a made-up number.
/// </summary>
public abstract class ReportColumn(string id, string columnName, string legend, string format) : IColumn
{
    public string Id => id;
    public virtual string ColumnName => columnName;
    public virtual string Legend => legend;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        double? value = report is null ? null : Compute(report);
        return value is { } v && double.IsFinite(v) ? v.ToString(format, style.CultureInfo) : "n/a";
    }

    protected abstract double? Compute(BenchmarkReport report);

    public override string ToString() => ColumnName;
}
