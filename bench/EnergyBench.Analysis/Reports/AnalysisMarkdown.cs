using System.Globalization;
using System.Text;
using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Phases;
using EnergyBench.Analysis.Plots;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Statistics;
using EnergyBench.Analysis.Tables;

namespace EnergyBench.Analysis.Reports;

/// <summary>
/// <c>analysis.md</c>: the findings first (best configuration and savings per model), then the study's tables by size
/// category, then per model and metric the descriptive statistics, the tests with their decisions and the plots, and
/// last the warnings and the environment.
/// </summary>
public static class AnalysisMarkdown
{
    /// <summary>Metrics in report order: the study's first, then the rest as they come.</summary>
    private static readonly string[] Leading = ["global_energy_j", "cpu_energy_j", "gpu_energy_j", "wall_energy_j", "net_energy_j", "time_s", "energy_per_token_j", "power_w"];

    public static string Write(RunAnalysis analysis, IReadOnlyList<SizeCategoryTable> tables, RunContext context, IReadOnlyList<PlotFile> plots, string plotDirectory) =>
        Write(analysis, tables, [], context, plots, plotDirectory);

    public static string Write(RunAnalysis analysis, IReadOnlyList<SizeCategoryTable> tables, IReadOnlyList<PhaseRow> phases, RunContext context,
        IReadOnlyList<PlotFile> plots, string plotDirectory)
    {
        var md = new StringBuilder();
        double alpha = analysis.Options.Alpha;
        md.AppendLine("# Energy and time of serving configurations").AppendLine();
        md.AppendLine($"Samples: {string.Join(", ", analysis.Inputs.Select(i => $"`{i}`"))}. Baseline for savings: `{analysis.Baseline}`. " +
                      $"Significance level {F(alpha)}. Test rule: {Rule(analysis.Options.Test)}.").AppendLine();

        // Warnings first: an incomplete or missing baseline changes how every finding below reads.
        if (analysis.Warnings.Count + context.Warnings.Count > 0)
        {
            md.AppendLine("## Warnings").AppendLine();
            foreach (string warning in analysis.Warnings.Concat(context.Warnings))
                md.AppendLine($"- {warning.Trim()}");
            md.AppendLine();
        }
        md.AppendLine("## Findings").AppendLine();
        foreach (var model in analysis.Models)
            foreach (string metric in new[] { "global_energy_j", "time_s" })
                if (analysis.Metrics.FirstOrDefault(m => m.Model == model.Name && m.Metric == metric) is { } m)
                    md.AppendLine("- " + Finding(m, alpha, analysis.Cases));

        md.AppendLine().AppendLine("## Medians by model size category").AppendLine();
        md.AppendLine("Size categories as in the study: 1 below 0.8B parameters, 2 from 0.8B to below 1.8B, 3 from 1.8B. Each cell is the " +
                      "median over every iteration of every model in the category; the best value of each row is in bold.").AppendLine();
        foreach (var table in tables)
            AppendTable(md, table);
        AppendStopping(md, StoppingTable.Of(analysis));

        if (phases.Count > 0)
            AppendPhases(md, phases, plots.Where(p => p.Name.StartsWith("stacked-phases", StringComparison.Ordinal)), plotDirectory);

        foreach (var model in analysis.Models)
        {
            md.AppendLine().AppendLine($"## {model.Name}").AppendLine();
            md.AppendLine(model.Parameters is { } p
                ? $"{p.ToString("N0", CultureInfo.InvariantCulture).Replace(',', '\u2009')} parameters, size category {model.SizeCategory}."
                : "Parameter count unknown.").AppendLine();
            var metrics = analysis.Metrics.Where(m => m.Model == model.Name)
                .OrderBy(m => Array.IndexOf(Leading, m.Metric) is var i and >= 0 ? i : Leading.Length).ToList();
            foreach (var metric in metrics)
                AppendMetric(md, metric, alpha, analysis.Cases, plots.Where(p => p.Name.StartsWith($"box-{MetricNames.FileSafe(model.Name)}-{metric.Metric}", StringComparison.Ordinal)), plotDirectory);
            foreach (var plot in plots.Where(p => p.Name.StartsWith($"scatter-{MetricNames.FileSafe(model.Name)}-", StringComparison.Ordinal)))
                AppendPlot(md, plot, plotDirectory);
        }

        var shared = plots.Where(p => p.Name.StartsWith("box-category", StringComparison.Ordinal) || p.Name.StartsWith("bars-", StringComparison.Ordinal)).ToList();
        if (shared.Count > 0)
        {
            md.AppendLine().AppendLine("## Across models").AppendLine();
            foreach (var plot in shared)
                AppendPlot(md, plot, plotDirectory);
        }

        md.AppendLine().AppendLine("## Environment").AppendLine();
        md.AppendLine(context.Environment.Length > 0 ? $"```\n{context.Environment}\n```" : "Not recorded (the input was a samples file without its run directory).").AppendLine();
        if (context.Campaign.Length > 0)
            md.AppendLine(context.Campaign);
        if (context.Machine.Length > 0)
            md.AppendLine("Machine and suite (`environment.json` in the run directory):").AppendLine().AppendLine(context.Machine);
        if (context.Meters.Count > 0)
        {
            md.AppendLine("Meters:").AppendLine();
            foreach (string meter in context.Meters)
                md.AppendLine($"- {meter}");
            md.AppendLine();
        }
        md.AppendLine("Provenance of each metric (`source` in the samples): " +
                      string.Join("; ", analysis.Rows.GroupBy(r => r.Metric).Select(g => $"{g.Key}: {string.Join("/", g.Select(r => r.Source).Distinct())}")) + ".");
        if (context.Hints.Count > 0)
        {
            md.AppendLine().AppendLine("BenchmarkDotNet's hints:").AppendLine();
            foreach (string hint in context.Hints)
                md.AppendLine($"- {hint.Trim()}");
        }
        return md.ToString();
    }

    private static void AppendPhases(StringBuilder md, IReadOnlyList<PhaseRow> phases, IEnumerable<PlotFile> plots, string plotDirectory)
    {
        md.AppendLine().AppendLine("## Prefill and decode").AppendLine();
        md.AppendLine("Each prompt's generation split at its first token: prefill (the prompt through the model, the KV cache built) and " +
                      "decode (the rest, token by token). Medians over the iterations; shares are of the prompts' generation time and energy. " +
                      "Window columns split the meters' series at each prompt's phase boundaries.");
        if (phases.Any(p => Diagnosers.Meters.Provenance.IsEstimate(p.EnergySource)))
            md.AppendLine("Where the source is `interpolated` or `estimated`, prompts were shorter than the energy meters resolve (or CPU energy is the " +
                          "TDP estimate): their energy split follows time, so the energy shares and J/token estimate the split rather than measure it.");
        if (phases.Any(p => p.MeasuredPrefillJoules is not null))
            md.AppendLine("Measured columns come from the Prefill benchmark (`--prefill-benchmark`): its iterations run only the prefills, so " +
                          "prefill energy is measured over whole iterations, and decode J/token = (Generate energy - Prefill energy) / decode tokens.");
        md.AppendLine();
        md.AppendLine("| model | configuration | prefill share of time | prefill share of energy | TTFT [ms] | prefill J/prompt token | decode J/token | source | measured prefill share of energy | decode J/token (Generate - Prefill) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var p in phases)
            md.AppendLine($"| {p.Model} | {p.Configuration} | {Percent(p.PrefillTimeShare)} | {Percent(p.PrefillEnergyShare)} | {Value(p.TimeToFirstTokenSeconds * 1000)} | " +
                          $"{Value(p.PrefillJoulesPerToken)} | {Value(p.DecodeJoulesPerToken)} | {p.EnergySource ?? "n/a"} | {Percent(p.MeasuredPrefillShare)} | " +
                          $"{Value(p.SubtractedDecodeJoulesPerToken)} |");
        md.AppendLine();
        foreach (var plot in plots)
            AppendPlot(md, plot, plotDirectory);
    }

    private static string Percent(double? share) => share is { } s ? F(100 * s) + " %" : "n/a";

    private static string Value(double? value) => value is { } v ? F(v) : "n/a";

    private static string Rule(TestChoice choice) => choice switch
    {
        TestChoice.Welch => "Welch's ANOVA with Games-Howell for every metric (--test welch)",
        TestChoice.Kruskal => "Kruskal-Wallis with Dunn (Holm) for every metric (--test kruskal)",
        TestChoice.Both => "both tests for every metric, the study's rule picking the one reported first (--test both)",
        _ => "the study's: Welch's ANOVA with Games-Howell when Shapiro-Wilk accepts normality in every configuration, Kruskal-Wallis with Dunn (Holm) otherwise",
    };

    private static string Finding(MetricAnalysis m, double alpha, IReadOnlyList<CaseStatus> cases)
    {
        var best = m.Groups.MinBy(g => g.Descriptive.Median)!;
        string text = $"**{m.Model}, {MetricNames.Name(m.Metric)}**: lowest median `{best.Configuration}`{Incomplete(cases, m.Model, best.Configuration)} " +
                      $"({F(best.Descriptive.Median)} {m.Unit})";
        if (m.Savings.Count > 0)
        {
            double low = m.Savings.Min(s => s.Percent), high = m.Savings.Max(s => s.Percent);
            text += m.Savings.Count == 1
                ? $"; `{m.Savings[0].Configuration}` saves {F(low)} % against `{m.Savings[0].Baseline}`"
                : $"; against `{m.Savings[0].Baseline}` the others save from {F(low)} % up to {F(high)} %";
        }
        if (m.Omnibus is { } test)
            text += $"; {test.Test} p = {F(test.P)} ({(test.P < alpha ? "the configurations differ" : "no significant difference")})";
        var partial = m.Groups.Where(g => Incomplete(cases, m.Model, g.Configuration).Length > 0).Select(g => $"`{g.Configuration}`").ToList();
        if (partial.Count > 0)
            text += $"; {string.Join(", ", partial)} incomplete (see the warnings)";
        return text + ".";
    }

    /// <summary>" (incomplete, 2 of 10 iterations)" for a case that did not finish, "" otherwise.</summary>
    private static string Incomplete(IReadOnlyList<CaseStatus> cases, string model, string configuration) =>
        cases.FirstOrDefault(c => c.Model == model && c.Configuration == configuration) is { State: CaseState.Incomplete } c
            ? $" (incomplete, {c.Iterations} of {c.Planned?.ToString(CultureInfo.InvariantCulture) ?? "?"} iterations)"
            : "";

    private static void AppendTable(StringBuilder md, SizeCategoryTable table)
    {
        md.AppendLine($"**{MetricNames.Label(table.Metric, table.Unit)}**").AppendLine();
        md.AppendLine("| size category | " + string.Join(" | ", table.Configurations.Select(c => $"{c}")) + " |");
        md.AppendLine("|---|" + string.Concat(table.Configurations.Select(_ => "---:|")));
        foreach (var row in table.Rows)
        {
            var cells = row.Medians.Select((m, i) => m is null ? "n/a" : i == row.Best ? $"**{F(m.Value)}**" : F(m.Value));
            md.AppendLine($"| {row.Category} | " + string.Join(" | ", cells) + " |");
        }
        md.AppendLine();
    }

    /// <summary>The stopping table, when the run holds a stop policy beside fixed for some configuration.</summary>
    private static void AppendStopping(StringBuilder md, IReadOnlyList<StoppingRow> rows)
    {
        if (rows.Count == 0)
            return;
        md.AppendLine("## Stopping").AppendLine();
        md.AppendLine("Medians per iteration under each stop policy (`--stop`), and the saving against `fixed` (exactly max_new_tokens) " +
                      "for the same model and configuration; n/a where a metric was not measured.").AppendLine();
        md.AppendLine("| model | configuration | stop | tokens/iter | energy/iter [J] | time/iter [s] | tokens saved | energy saved | time saved |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
        static string Value(double? v) => v is { } x ? F(x) : "n/a";
        static string Saved(StoppingRow r, double? v) => r.Policy == StoppingTable.Fixed ? "" : v is { } x ? F(x) + " %" : "n/a";
        foreach (var r in rows)
            md.AppendLine($"| {r.Model} | {r.Configuration} | {r.Policy} | {F(r.Tokens)} | {Value(r.Energy)} | {Value(r.Time)} | " +
                          $"{Saved(r, r.TokensSaved)} | {Saved(r, r.EnergySaved)} | {Saved(r, r.TimeSaved)} |");
        md.AppendLine();
    }

    private static void AppendMetric(StringBuilder md, MetricAnalysis m, double alpha, IReadOnlyList<CaseStatus> cases, IEnumerable<PlotFile> plots, string plotDirectory)
    {
        md.AppendLine($"### {MetricNames.Label(m.Metric, m.Unit)}").AppendLine();
        md.AppendLine($"Source: {string.Join(", ", m.Sources)}.").AppendLine();
        md.AppendLine("| configuration | n | median | IQR | mean ± SD | median CI (coverage) | min | max | Shapiro-Wilk W (p) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var g in m.Groups)
        {
            var d = g.Descriptive;
            string normality = g.Normality.W is { } w ? $"{F(w)} ({F(g.Normality.P!.Value)})" : "n/a";
            md.AppendLine($"| {g.Configuration}{Incomplete(cases, m.Model, g.Configuration)} | {d.N} | {F(d.Median)} | {F(d.Iqr)} | {F(d.Mean)} ± {F(d.StandardDeviation)} | " +
                          $"[{F(d.MedianCiLower)}, {F(d.MedianCiUpper)}] ({d.MedianCiCoverage:P1}) | {F(d.Min)} | {F(d.Max)} | {normality} |");
        }
        md.AppendLine();
        if (m.Levene is { } levene)
            md.AppendLine($"Levene (median-centred): F({F(levene.Df1)}, {F(levene.Df2!.Value)}) = {F(levene.Statistic)}, p = {F(levene.P)}.").AppendLine();
        if (m.Omnibus is { } test)
        {
            string effect = m.Decision == "welch"
                ? (m.Effects.OmegaSquared is { } omega ? $", ω² = {F(omega)}" : "")
                : (m.Effects.EpsilonSquared is { } epsilon ? $", ε² = {F(epsilon)}" : "");
            md.AppendLine($"**{test.Test}**: {Statistic(test)}, p = {F(test.P)}{effect}: " +
                          $"{(test.P < alpha ? "the configurations differ" : "no significant difference")}. Chosen because {m.DecisionReason}.");
            if (m.Alternative is { } other)
                md.AppendLine($"({other.Test}: {Statistic(other)}, p = {F(other.P)}.)");
            md.AppendLine();
        }
        if (m.Posthoc.Count > 0)
        {
            md.AppendLine("| A | B | test | difference | statistic | df | p | p adjusted | A12 | A saves vs B |");
            md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var p in m.Posthoc)
            {
                var pair = m.Effects.Pairs.FirstOrDefault(e => e.A == p.A && e.B == p.B);
                md.AppendLine($"| {p.A} | {p.B} | {p.Test} | {F(p.Difference)} | {F(p.Statistic)} | {(p.Df is { } df ? F(df) : "")} | {F(p.P)} | {F(p.PAdjusted)} | " +
                              $"{(pair is null ? "" : F(pair.A12))} | {(pair?.SavingPercent is { } s ? F(s) + " %" : "")} |");
            }
            md.AppendLine();
        }
        if (m.Savings.Count > 0)
            md.AppendLine("Savings against " + $"`{m.Savings[0].Baseline}` (medians): " + string.Join(", ", m.Savings.Select(s => $"{s.Configuration} {F(s.Percent)} %")) + ".").AppendLine();
        foreach (string note in m.Notes)
            md.AppendLine($"- Note: {note}");
        if (m.Notes.Count > 0)
            md.AppendLine();
        foreach (var plot in plots)
            AppendPlot(md, plot, plotDirectory);
    }

    private static string Statistic(TestResult test) =>
        test.Df2 is { } df2 ? $"F({F(test.Df1)}, {F(df2)}) = {F(test.Statistic)}" : $"H({F(test.Df1)}) = {F(test.Statistic)}";

    private static void AppendPlot(StringBuilder md, PlotFile plot, string plotDirectory) =>
        md.AppendLine($"![{plot.Caption}]({plotDirectory}/{plot.Name}.png)").AppendLine();

    /// <summary>Four significant digits, invariant culture; p-values below 1e-4 in scientific notation; "n/a" for what is not a finite number.</summary>
    public static string F(double value) =>
        !double.IsFinite(value) ? "n/a" : value == 0 ? "0" : Math.Abs(value) < 1e-4 || Math.Abs(value) >= 1e7
            ? value.ToString("0.###e+0", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
}
