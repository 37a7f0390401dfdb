using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Diagnosers.Diagnosers;

/// <summary>
/// Describes a measurement as a BenchmarkDotNet metric so it is written to the full JSON report. The summary table
/// shows it through <see cref="Columns.MeasurementColumn"/> instead (which can say n/a and why), so the descriptor
/// asks BenchmarkDotNet not to add a second column for it.
/// </summary>
public sealed class SampleMetricDescriptor(SampleMetric metric, string source) : IMetricDescriptor
{
    public string Id => metric.MetricId;
    public string DisplayName => metric.ColumnName;
    public string Legend => $"{metric.Legend} (source: {source})";
    public string NumberFormat => metric.Format;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Unit => metric.Unit;
    public bool TheGreaterTheBetter => false;
    public int PriorityInCategory => 0;
    public bool GetIsAvailable(Metric value) => false;
}
