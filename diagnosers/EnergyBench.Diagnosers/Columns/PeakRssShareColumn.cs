using System.Globalization;
using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>
/// The benchmark process's peak RSS as a multiple of the model's weight bytes (parameters x bytes of the precision),
/// the bytes no engine can do without: what a configuration holds beyond its weights (runtime, native libraries,
/// copies of the weights, KV cache) shows as the part above 1.
/// </summary>
public sealed class PeakRssShareColumn() : ReportColumn("EnergyBench.peak_rss_per_weight_bytes", "Peak RSS/weights",
    "Peak RSS of the benchmark process over the model's weight bytes (parameters x bytes of the precision)", "0.00")
{
    /// <summary>The setting the benchmark process reports the weight bytes in.</summary>
    public const string WeightBytesSetting = "weight_bytes";

    protected override double? Compute(BenchmarkReport report) =>
        report.Metrics.TryGetValue(SampleMetric.ProcessPeakRss.MetricId, out var peak)
        && BenchmarkProcessOutput.Settings(report).TryGetValue(WeightBytesSetting, out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double bytes) && bytes > 0
            ? peak.Value * (1 << 20) / bytes
            : null;
}
