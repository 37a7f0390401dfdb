using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EnergyBench.Analysis.Reports;
using EnergyBench.Analysis.Samples;

namespace EnergyBench.Analysis.Gate;

/// <summary>The gate's verdicts as a markdown table (for a pull-request comment) and as JSON.</summary>
public static class GateReportWriter
{
    public static string Markdown(GateReport report)
    {
        static string F(double? value) => value is { } v ? AnalysisMarkdown.F(v) : "n/a";
        var md = new StringBuilder();
        md.AppendLine($"## Benchmark comparison: {Headline(report)}").AppendLine();
        if (report.UnusableReason is { } unusable)
        {
            md.AppendLine($"Baseline `{report.Baseline}`, current `{report.Current}`: the comparison could not be made, so it has no verdict: {unusable} (each side's cases are listed below).").AppendLine();
            AppendCaseLists(md, report);
            return md.ToString();
        }
        foreach (string failure in report.Failures)
            md.AppendLine($"- **Fails**: {failure}");
        if (report.Failures.Count > 0)
            md.AppendLine();
        md.AppendLine($"Baseline `{report.Baseline}`, current `{report.Current}`; one-sided tests at alpha {report.Options.Alpha} against the " +
                      "baseline moved by the threshold. With several launches (runs) on a side the unit is the launch: a t-test on the " +
                      "launch medians, centre = their mean; with one launch per side it is the iteration: Mann-Whitney, centre = median, " +
                      "ratio = Hodges-Lehmann (current / baseline).").AppendLine();
        md.AppendLine("| verdict | model | configuration | metric | baseline | current | ratio | threshold | launches (base/cur) | iterations (base/cur) | why |");
        md.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in report.Results.OrderBy(r => r.Verdict switch { GateVerdict.Slower => 0, GateVerdict.Incomplete => 1, GateVerdict.Unknown => 2, _ => 3 }))
        {
            string verdict = r.Verdict is GateVerdict.Slower or GateVerdict.Incomplete ? $"**{r.Verdict}**" : r.Verdict.ToString();
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
        foreach (string note in report.Notes)
            md.AppendLine($"- Note: {note}");
        AppendCaseLists(md, report);
        return md.ToString();
    }

    /// <summary>"no regression", "2 regression(s)", "failed (1 case missing from the current run)", "could not be made".</summary>
    private static string Headline(GateReport report)
    {
        int slower = report.Results.Count(r => r.Verdict == GateVerdict.Slower);
        string failures = report.Failures.Count > 0 ? $"{report.Failures.Count} case(s) missing from or incomplete in the current run" : "";
        return report.Outcome switch
        {
            GateOutcome.Unusable => "could not be made",
            GateOutcome.Regression => $"{slower} regression(s)" + (failures.Length > 0 ? $", and {failures}" : ""),
            GateOutcome.Failed => $"failed, {failures}",
            _ => "no regression" + (report.OnlyInBaseline.Count > 0 ? $" ({report.OnlyInBaseline.Count} baseline case(s) missing, accepted by --allow-missing)" : ""),
        };
    }

    private static void AppendCaseLists(StringBuilder md, GateReport report)
    {
        foreach (string missing in report.OnlyInBaseline)
            md.AppendLine($"- Only in the baseline (not compared): {missing}");
        foreach (string added in report.OnlyInCurrent)
            md.AppendLine($"- Only in the current run (not compared): {added}");
    }

    /// <summary>
    /// The verdicts as JSON. <c>verdict</c> is pass, regression, failed or unusable; <c>reasons</c> says why it is not
    /// pass; <c>regressed</c> is null when the comparison could not be made, never false.
    /// </summary>
    public static string Json(GateReport report) => JsonSerializer.Serialize(new
    {
        report.Baseline,
        report.Current,
        report.Options.Alpha,
        report.Options.Level,
        Metrics = report.Options.Metrics.Select(m => m.Name),
        Verdict = report.Outcome,
        Reasons = report.UnusableReason is { } unusable ? [unusable]
            : (report.Regressed ? [$"{report.Results.Count(r => r.Verdict == GateVerdict.Slower)} regression(s)"] : Array.Empty<string>()).Concat(report.Failures),
        Regressed = report.UnusableReason is null ? report.Regressed : (bool?)null,
        report.Options.AllowMissing,
        report.Results,
        report.OnlyInBaseline,
        report.OnlyInCurrent,
        Incomplete = report.CurrentCases.Where(c => c.State == CaseState.Incomplete).Select(c => Case(c, "current"))
            .Concat(report.BaselineCases.Where(c => c.State == CaseState.Incomplete).Select(c => Case(c, "baseline"))),
        report.Notes,
        report.GeometricMeanRatio,
    }, new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new FiniteNumberConverter() },
    });

    private static object Case(CaseStatus c, string side) => new { Side = side, c.Model, c.Configuration, c.Iterations, IterationsPlanned = c.Planned };
}
