using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EnergyBench.Analysis.Reports;

namespace EnergyBench.Analysis.Gate;

/// <summary>The gate's verdicts as a markdown table (for a pull-request comment) and as JSON.</summary>
public static class GateReportWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Markdown(GateReport report)
    {
        static string F(double? value) => value is { } v ? AnalysisMarkdown.F(v) : "n/a";
        var md = new StringBuilder();
        int slower = report.Results.Count(r => r.Verdict == GateVerdict.Slower);
        md.AppendLine($"## Benchmark comparison: {(report.Regressed ? $"{slower} regression(s)" : "no regression")}").AppendLine();
        md.AppendLine($"Baseline `{report.Baseline}`, current `{report.Current}`; one-sided Mann-Whitney at alpha {report.Options.Alpha}, " +
                      "effect = Hodges-Lehmann ratio (current / baseline).").AppendLine();
        md.AppendLine("| verdict | model | configuration | metric | baseline median | current median | ratio | threshold | n (base/cur) | why |");
        md.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var r in report.Results.OrderBy(r => r.Verdict == GateVerdict.Slower ? 0 : r.Verdict == GateVerdict.Unknown ? 1 : 2))
        {
            string verdict = r.Verdict == GateVerdict.Slower ? "**Slower**" : r.Verdict.ToString();
            md.AppendLine($"| {verdict} | {r.Model} | {r.Configuration} | {r.Metric} | {F(r.BaselineMedian)} {r.Unit} | {F(r.CurrentMedian)} {r.Unit} | " +
                          $"{F(r.Ratio)} | {r.Threshold} | {r.BaselineCount}/{r.CurrentCount} | {r.Reason} |");
        }
        md.AppendLine();
        if (report.GeometricMeanRatio.Count > 0)
            md.AppendLine("Geometric mean of the ratios: " + string.Join(", ", report.GeometricMeanRatio.Select(g => $"{g.Key} {AnalysisMarkdown.F(g.Value)}")) + ".").AppendLine();
        foreach (string missing in report.OnlyInBaseline)
            md.AppendLine($"- Only in the baseline (not compared): {missing}");
        foreach (string added in report.OnlyInCurrent)
            md.AppendLine($"- Only in the current run (not compared): {added}");
        return md.ToString();
    }

    public static string Json(GateReport report) => JsonSerializer.Serialize(new
    {
        report.Baseline,
        report.Current,
        report.Options.Alpha,
        Metrics = report.Options.Metrics.Select(m => m.Name),
        report.Regressed,
        report.Results,
        report.OnlyInBaseline,
        report.OnlyInCurrent,
        report.GeometricMeanRatio,
    }, Options);
}
