using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>
/// One energy or resource metric in the summary table (and so in the markdown, HTML and CSV reports): per operation
/// for energies, a mean for levels, n/a when it could not be measured. The legend names the source of the values,
/// or the reason for n/a.
/// </summary>
public sealed class MeasurementColumn(EnergyDiagnoser diagnoser, SampleMetric metric)
    : ReportColumn(metric.MetricId, metric.ColumnName, metric.Legend, metric.Format)
{
    /// <summary>Estimates are labelled in the header itself, so no table shows an estimate as a measurement.</summary>
    public override string ColumnName =>
        diagnoser.Results.Values.Any(r => Meters.Provenance.IsEstimate(r.Source(metric))) ? metric.ColumnName + " (est.)" : metric.ColumnName;

    public override string Legend
    {
        get
        {
            var sources = diagnoser.Results.Values.Select(r => r.Source(metric)).OfType<string>().Distinct().ToList();
            var reasons = diagnoser.Results.Values.Select(r => r.NotAvailable.GetValueOrDefault(metric.Name)).OfType<string>().Distinct().ToList();
            if (diagnoser.Results.Count == 0 && diagnoser.Plan.NotAvailable.TryGetValue(metric.Name, out var planned))
                reasons.Add(planned);
            string text = metric.Legend;
            if (sources.Count > 0)
                text += $"; source: {string.Join(", ", sources)}";
            if (reasons.Count > 0)
                text += $"; n/a: {string.Join("; ", reasons)}";
            return text;
        }
    }

    /// <summary>The value the diagnoser reported for this case as a BenchmarkDotNet metric; absent means n/a.</summary>
    protected override double? Compute(BenchmarkReport report) =>
        report.Metrics.TryGetValue(metric.MetricId, out var value) ? value.Value : null;
}
