using System.Globalization;
using System.Text;
using EnergyBench.Analysis.Roofline;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Statistics;

namespace EnergyBench.Analysis.Performance;

/// <summary>
/// Joins what a performance run measured per case: the roofline row of the run with meters, the per-iteration metrics
/// of its samples, BenchmarkDotNet's allocations, and the iteration times of the same cases run without meters.
/// </summary>
public static class PerformanceTable
{
    public const string NonForwardShareMetric = "non_forward_share";
    public const string RssMetric = "process_rss_mib";
    public const string PeakRssMetric = "process_peak_rss_mib";
    public const string TimeMetric = "time_s";

    /// <param name="samples">The samples of the runs with meters (tokens/s comes from <paramref name="roofline"/>, the rest from these).</param>
    /// <param name="withoutMeters">Iteration times (<c>time_s</c>) of the same cases run without meters; null when not run.</param>
    public static IReadOnlyList<PerformanceRow> Of(IReadOnlyList<RooflineRow> roofline, IReadOnlyList<SampleRow> samples,
        IReadOnlyDictionary<(string Model, string Configuration), double> allocations, IReadOnlyList<SampleRow>? withoutMeters,
        IReadOnlyDictionary<string, long> weightBytes)
    {
        var rows = new List<PerformanceRow>();
        foreach (var r in roofline)
        {
            var mine = samples.Where(s => s.Model == r.Model && s.Configuration == r.Configuration).ToList();
            var peak = Values(mine, PeakRssMetric);
            double? overhead = null, noise = null;
            var off = withoutMeters is null ? [] : Values(withoutMeters.Where(s => s.Model == r.Model && s.Configuration == r.Configuration), TimeMetric);
            var on = Values(mine, TimeMetric);
            if (off.Count > 0 && on.Count > 0)
            {
                overhead = Median(on)!.Value / Median(off)!.Value - 1;
                noise = Math.Max(HalfRelativeIqr(on), HalfRelativeIqr(off));
            }
            rows.Add(new PerformanceRow(r.Configuration, r.Model, r.Iterations, r.TokensPerSecond, r.DecodeShare,
                Median(Values(mine, NonForwardShareMetric)), allocations.TryGetValue((r.Model, r.Configuration), out double bytes) ? bytes : null,
                Median(Values(mine, RssMetric)), peak.Count > 0 ? peak.Max() : null,
                weightBytes.TryGetValue(r.Model, out long weights) ? weights : throw new ArgumentException($"{r.Model}: no weight size given"),
                overhead, noise));
        }
        return rows;
    }

    /// <summary>A metric's per-iteration values in order (iteration 0 holds case-level rows, never an iteration).</summary>
    private static List<double> Values(IEnumerable<SampleRow> rows, string metric) =>
        rows.Where(s => s.Metric == metric && s.Iteration > 0).OrderBy(s => s.Iteration).Select(s => s.Value).ToList();

    private static double? Median(List<double> values) => values.Count == 0 ? null : Quantiles.Of(values.Order().ToList(), 0.5);

    private static double HalfRelativeIqr(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (Quantiles.Of(sorted, 0.75) - Quantiles.Of(sorted, 0.25)) / 2 / Quantiles.Of(sorted, 0.5);
    }

    public static string Markdown(IReadOnlyList<PerformanceRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| configuration | model | iterations | tokens/s | % of decode bound | non-forward share | allocated / iteration | RSS (MiB) | RSS / weights | peak RSS (MiB) | peak / weights | meter overhead |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            text.AppendLine(Invariant(
                $"| {r.Configuration} | {r.Model} | {r.Iterations} | {r.TokensPerSecond:F1} | {100 * r.DecodeShare:F0} % | {Percent(r.NonForwardShare, "F2")} | {Bytes(r.AllocatedBytes)} | {Number(r.RssMib)} | {Ratio(r.RssPerWeightByte)} | {Number(r.PeakRssMib)} | {Ratio(r.PeakRssPerWeightByte)} | {Overhead(r)} |"));
        return text.ToString();
    }

    private static string Overhead(PerformanceRow r) => r.MeterOverhead is not { } overhead
        ? "n/a"
        : Invariant($"{100 * overhead:+0.0;-0.0;0.0} %") + (Math.Abs(overhead) <= r.MeterOverheadNoise ? Invariant($" (noise ±{100 * r.MeterOverheadNoise:F1} %)") : "");

    private static string Percent(double? value, string format) => value is { } v ? (100 * v).ToString(format, CultureInfo.InvariantCulture) + " %" : "n/a";
    private static string Number(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "n/a";
    private static string Ratio(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a";

    /// <summary>Bytes in B, KiB or MiB (BenchmarkDotNet's Allocated column uses the same powers of 1024, written KB and MB).</summary>
    public static string Bytes(double? value) => value switch
    {
        null => "n/a",
        < 1024 => Invariant($"{value:F0} B"),
        < 1024 * 1024 => Invariant($"{value / 1024:F1} KiB"),
        _ => Invariant($"{value / (1024 * 1024):F2} MiB"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
