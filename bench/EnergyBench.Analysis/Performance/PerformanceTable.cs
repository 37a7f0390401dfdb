using System.Globalization;
using System.Text;
using EnergyBench.Analysis.Roofline;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Statistics;
using EnergyBench.Diagnosers.Measurement;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Analysis.Performance;

/// <summary>
/// Joins what a performance run measured per case: its roofline row, the per-iteration metrics of its samples,
/// BenchmarkDotNet's allocations, and the meters' overhead from the same cases run without meters.
/// </summary>
public static class PerformanceTable
{
    public const string NonForwardShareMetric = "non_forward_share";
    public const string RssMetric = "process_rss_mib";
    public const string PeakRssMetric = "process_peak_rss_mib";
    public const string TimeMetric = "time_s";
    public const string RuntimeRssMetric = SamplesSchema.RuntimeRssMetric;

    /// <param name="samples">The samples of the run with meters (tokens/s comes from <paramref name="roofline"/>, the rest from these).</param>
    /// <param name="overheads">The meters' overhead per (model, configuration); a case without one reads n/a.</param>
    public static IReadOnlyList<PerformanceRow> Of(IReadOnlyList<RooflineRow> roofline, IReadOnlyList<SampleRow> samples,
        IReadOnlyDictionary<(string Model, string Configuration), double> allocations,
        IReadOnlyDictionary<(string Model, string Configuration), MeterOverhead> overheads, IReadOnlyDictionary<string, long> weightBytes)
    {
        var rows = new List<PerformanceRow>();
        foreach (var r in roofline)
        {
            var mine = samples.Where(s => s.Model == r.Model && s.Configuration == r.Configuration).ToList();
            var peak = Values(mine, PeakRssMetric);
            rows.Add(new PerformanceRow(r.Configuration, r.Model, r.Iterations, r.TokensPerSecond, r.DecodeShare,
                Median(Values(mine, NonForwardShareMetric)), allocations.TryGetValue((r.Model, r.Configuration), out double bytes) ? bytes : null,
                Median(Values(mine, RssMetric)), peak.Count > 0 ? peak.Max() : null,
                weightBytes.TryGetValue(r.Model, out long weights) ? weights : throw new ArgumentException($"{r.Model}: no weight size given"),
                overheads.GetValueOrDefault((r.Model, r.Configuration)), Median(Values(mine, RuntimeRssMetric))));
        }
        return rows;
    }

    /// <summary>
    /// The meters' overhead of each case from the iteration times of a run whose jobs alternate meters on and off
    /// (<paramref name="times"/>: every job's <c>time_s</c> rows, job in the label). Every job of a case does the same work,
    /// so time per iteration stands for time per token.
    /// </summary>
    public static IReadOnlyDictionary<(string Model, string Configuration), MeterOverhead> Overheads(IReadOnlyList<SampleRow> times,
        IReadOnlyCollection<string> meteredJobs, IReadOnlyCollection<string> bareJobs)
    {
        var result = new Dictionary<(string, string), MeterOverhead>();
        var split = times.Where(t => t.Metric == TimeMetric && t.Iteration > 0)
            .Select(t => (t.Model, Split: JobLabels.Split(t.Configuration), t.Value))
            .Where(t => t.Split.Job is not null)
            .GroupBy(t => (t.Model, t.Split.Label));
        foreach (var group in split)
        {
            var metered = group.Where(t => meteredJobs.Contains(t.Split.Job!)).Select(t => t.Value).ToList();
            var bare = group.Where(t => bareJobs.Contains(t.Split.Job!)).Select(t => t.Value).ToList();
            if (MeterOverhead.Of(metered, bare) is { } overhead)
                result[group.Key] = overhead;
        }
        return result;
    }

    /// <summary>A metric's per-iteration values in order (iteration 0 holds case-level rows, never an iteration).</summary>
    private static List<double> Values(IEnumerable<SampleRow> rows, string metric) =>
        rows.Where(s => s.Metric == metric && s.Iteration > 0).OrderBy(s => s.Iteration).Select(s => s.Value).ToList();

    private static double? Median(List<double> values) => values.Count == 0 ? null : Quantiles.Of(values.Order().ToList(), 0.5);

    public static string Markdown(IReadOnlyList<PerformanceRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| configuration | model | iterations | tokens/s | % of decode bound | non-forward share | allocated / iteration | RSS (MiB) | RSS / weights | runtime RSS (MiB) | (RSS - runtime) / weights | peak RSS (MiB) | peak / weights | meter overhead |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            text.AppendLine(Invariant(
                $"| {r.Configuration} | {r.Model} | {r.Iterations} | {r.TokensPerSecond:F1} | {100 * r.DecodeShare:F0} % | {Percent(r.NonForwardShare, "F2")} | {Bytes(r.AllocatedBytes)} | {Number(r.RssMib)} | {Ratio(r.RssPerWeightByte)} | {Number(r.RuntimeRssMib)} | {Ratio(r.RssAboveRuntimePerWeightByte)} | {Number(r.PeakRssMib)} | {Ratio(r.PeakRssPerWeightByte)} | {Overhead(r)} |"));
        return text.ToString();
    }

    private static string Overhead(PerformanceRow r) => r.MeterOverhead?.ToString() ?? "n/a";

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
