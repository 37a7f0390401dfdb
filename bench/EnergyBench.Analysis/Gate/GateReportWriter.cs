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
        md.AppendLine($"Baseline `{report.Baseline}`, current `{report.Current}`; one-sided tests at alpha {report.Options.Alpha} against the " +
                      "baseline moved by the threshold. With several launches (runs) on a side the unit is the launch: a t-test on the " +
                      "launch medians, centre = their mean; with one launch per side it is the iteration: Mann-Whitney, centre = median, " +
                      "ratio = Hodges-Lehmann (current / baseline).").AppendLine();
        md.AppendLine("| verdict | model | configuration | metric | baseline | current | ratio | threshold | launches (base/cur) | iterations (base/cur) | why |");
        md.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in report.Results.OrderBy(r => r.Verdict == GateVerdict.Slower ? 0 : r.Verdict == GateVerdict.Unknown ? 1 : 2))
        {
            string verdict = r.Verdict == GateVerdict.Slower ? "**Slower**" : r.Verdict.ToString();
            md.AppendLine($"| {verdict} | {r.Model} | {r.Configuration} | {r.Metric} | {F(r.BaselineCentre)} {r.Unit} | {F(r.CurrentCentre)} {r.Unit} | " +
                          $"{F(r.Ratio)} | {r.Threshold} | {r.BaselineLaunches}/{r.CurrentLaunches} | {r.BaselineCount}/{r.CurrentCount} | {r.Reason} |");
        }
        md.AppendLine();
        if (report.Results.Any(r => r.Verdict != GateVerdict.Unknown && r.BaselineLaunches == 1 && r.CurrentLaunches == 1))
            md.AppendLine("Note: one launch per side, so the test cannot see how much a result moves from one launch to the next; on busy or " +
                          "shared machines that drift exceeds the spread inside a launch and such comparisons fail more often than alpha. " +
                          "Compare several runs per side (a directory holding several run directories, or a baseline kept with " +
                          "`--store-baseline`) to test launches instead.").AppendLine();
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
        report.Options.Level,
        Metrics = report.Options.Metrics.Select(m => m.Name),
        report.Regressed,
        report.Results,
        report.OnlyInBaseline,
        report.OnlyInCurrent,
        report.GeometricMeanRatio,
    }, Options);
}
