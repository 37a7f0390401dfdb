using System.Globalization;
using System.Text;
using EnergyBench.Analysis.Performance;
using EnergyBench.Analysis.Reports;
using EnergyBench.Analysis.Samples;
using EnergyBench.Diagnosers.Measurement;
using EnergyBench.Diagnosers.Meters;

namespace EnergyBench.Analysis.Sweep;

/// <summary>A prompt set of a sweep: its file as the run's <c>Prompts</c> parameter names it, its prompt length, its prompts per iteration.</summary>
public sealed record SweepSet(string Path, int Tokens, int Prompts);

/// <summary>
/// One case of a prompt-length sweep: medians over its iterations, null where the run has no samples of the metric.
/// <paramref name="Amplification"/> is decode J/token at this length over that at the configuration's shortest, minus 1.
/// </summary>
public sealed record PromptLengthRow(string Model, string Configuration, int Tokens, int Iterations, double? DecodeEnergyPerToken,
    double? PrefillEnergyPerPrompt, double? DecodeTokensPerSecond, double? TimeToFirstToken, MeterOverhead? Amplification);

/// <summary>
/// The prompt-length sweep's table: per configuration and prompt length, decode J/token and its amplification against the
/// shortest length (the paper's measure of how a longer prefill makes every decode token dearer), prefill energy per
/// prompt, decode tokens/s and time to first token.
/// </summary>
public static class PromptLengthTable
{
    /// <summary>The benchmark parameter that holds the prompt set, as case labels name it.</summary>
    public const string PromptsParameter = "Prompts";

    public static IReadOnlyList<PromptLengthRow> Of(IReadOnlyList<SampleRow> samples, IReadOnlyList<SweepSet> sets)
    {
        var byPath = sets.ToDictionary(s => System.IO.Path.GetFullPath(s.Path), StringComparer.Ordinal);
        var cases = samples.Where(s => s.Iteration > 0)
            .GroupBy(s => (s.Model, Case: JobLabels.Split(s.Configuration, PromptsParameter)))
            .Select(g => (g.Key.Model, Configuration: g.Key.Case.Label, Set: SetOf(g.Key.Case.Value, byPath, sets, g.First().Configuration), Rows: g.ToList()))
            .ToList();
        var rows = new List<PromptLengthRow>();
        foreach (var configuration in cases.GroupBy(c => (c.Model, c.Configuration)))
        {
            var ordered = configuration.OrderBy(c => c.Set.Tokens).ToList();
            var shortest = ordered.Select(c => Values(c.Rows, SampleMetric.DecodeEnergyPerToken)).FirstOrDefault(v => v.Count > 0);
            foreach (var c in ordered)
            {
                var decodePerToken = Values(c.Rows, SampleMetric.DecodeEnergyPerToken);
                var decodeRate = PerIteration(c.Rows, SampleMetric.DecodeTokens, SampleMetric.DecodeTime, (tokens, seconds) => seconds > 0 ? tokens / seconds : null);
                rows.Add(new PromptLengthRow(c.Model, c.Configuration, c.Set.Tokens,
                    c.Rows.Where(r => r.Metric == SampleMetric.Time.Name).Select(r => r.Iteration).Distinct().Count(),
                    Median(decodePerToken), Median(Values(c.Rows, SampleMetric.PrefillEnergy)) / c.Set.Prompts, Median(decodeRate),
                    Median(Values(c.Rows, SampleMetric.TimeToFirstToken)),
                    shortest is null || decodePerToken.Count == 0 ? null : MeterOverhead.Of(decodePerToken, shortest)));
            }
        }
        return rows.OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Configuration, StringComparer.Ordinal).ThenBy(r => r.Tokens).ToList();
    }

    /// <summary>The sweep's set a case ran; a run of one set has no <c>Prompts</c> in its labels.</summary>
    private static SweepSet SetOf(string? path, Dictionary<string, SweepSet> byPath, IReadOnlyList<SweepSet> sets, string label)
    {
        if (path is null)
            return sets.Count == 1 ? sets[0] : throw new ArgumentException($"case '{label}' does not name its prompt set, so its length is unknown");
        return byPath.TryGetValue(System.IO.Path.GetFullPath(path), out var set) ? set
            : throw new ArgumentException($"case '{label}' ran prompt set {path}, which is not one of the sweep's");
    }

    public static string Markdown(IReadOnlyList<PromptLengthRow> rows, IReadOnlyList<SampleRow> samples, RunLegends legends)
    {
        string Header(string title, params SampleMetric[] metrics) =>
            metrics.Any(m => samples.Any(s => s.Metric == m.Name && Provenance.IsEstimate(s.Source))) ? title + " (est.)" : title;
        var text = new StringBuilder();
        text.AppendLine($"| model | configuration | prompt tokens | iterations | {Header("decode J/token", SampleMetric.DecodeEnergyPerToken)} | " +
                        $"decode J/token vs shortest | {Header("prefill J / prompt", SampleMetric.PrefillEnergy)} | decode tokens/s | TTFT (ms) |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            text.AppendLine(string.Join(" | ", "", r.Model, r.Configuration, r.Tokens.ToString(CultureInfo.InvariantCulture),
                r.Iterations.ToString(CultureInfo.InvariantCulture), Number(r.DecodeEnergyPerToken, "F6"), Amplification(r, rows),
                Number(r.PrefillEnergyPerPrompt, "F5"), Number(r.DecodeTokensPerSecond, "F1"), Number(r.TimeToFirstToken * 1000, "F2"), "").Trim());
        foreach (string note in NotAvailable(rows, legends))
            text.AppendLine().AppendLine(note);
        return text.ToString();
    }

    /// <summary>One line per metric some case lacks, with the run's reason for it.</summary>
    private static IEnumerable<string> NotAvailable(IReadOnlyList<PromptLengthRow> rows, RunLegends legends)
    {
        var columns = new (string Column, Func<PromptLengthRow, double?> Value, SampleMetric[] Metrics)[]
        {
            ("decode J/token", r => r.DecodeEnergyPerToken, [SampleMetric.DecodeEnergyPerToken]),
            ("prefill J / prompt", r => r.PrefillEnergyPerPrompt, [SampleMetric.PrefillEnergy]),
            ("decode tokens/s", r => r.DecodeTokensPerSecond, [SampleMetric.DecodeTokens, SampleMetric.DecodeTime]),
            ("TTFT", r => r.TimeToFirstToken, [SampleMetric.TimeToFirstToken]),
        };
        foreach (var (column, value, metrics) in columns)
        {
            if (rows.All(r => value(r) is not null))
                continue;
            var reasons = metrics.Select(m => legends.NotAvailable(m)).OfType<string>().Distinct().ToList();
            string names = string.Join(", ", metrics.Select(m => $"`{m.Name}`"));
            yield return $"n/a {column} ({names}): {(reasons.Count > 0 ? string.Join("; ", reasons) : "the run has no samples of it and its log gives no reason")}.";
        }
    }

    private static string Amplification(PromptLengthRow row, IReadOnlyList<PromptLengthRow> rows)
    {
        if (row.Amplification is not { } a)
            return "n/a";
        bool shortest = !rows.Any(r => r.Model == row.Model && r.Configuration == row.Configuration && r.Tokens < row.Tokens && r.DecodeEnergyPerToken is not null);
        return shortest ? "reference" : a.ToString();
    }

    private static List<double> Values(IEnumerable<SampleRow> rows, SampleMetric metric) =>
        rows.Where(r => r.Metric == metric.Name).OrderBy(r => r.Iteration).Select(r => r.Value).ToList();

    /// <summary>A value per iteration from two metrics of that iteration (iterations lacking either are left out).</summary>
    private static List<double> PerIteration(IReadOnlyList<SampleRow> rows, SampleMetric a, SampleMetric b, Func<double, double, double?> combine)
    {
        var second = rows.Where(r => r.Metric == b.Name).ToDictionary(r => r.Iteration, r => r.Value);
        return rows.Where(r => r.Metric == a.Name && second.ContainsKey(r.Iteration))
            .Select(r => combine(r.Value, second[r.Iteration])).OfType<double>().ToList();
    }

    private static double? Median(List<double> values) => values.Count == 0 ? null : MeterOverhead.Median(values);

    private static string Number(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
