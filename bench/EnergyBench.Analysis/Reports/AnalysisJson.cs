using System.Text.Json;
using System.Text.Json.Serialization;
using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Phases;
using EnergyBench.Analysis.Statistics;
using EnergyBench.Analysis.Tables;

namespace EnergyBench.Analysis.Reports;

/// <summary>
/// <c>analysis.json</c>: the machine-readable analysis, one entry per (model, metric). The shape is the schema the
/// README documents (<see cref="SchemaVersion"/>); absent results are null, never NaN, and a number is never written as a string.
/// </summary>
public static class AnalysisJson
{
    public const string SchemaVersion = "energybench-analysis/1";

    public static string Serialize(RunAnalysis analysis, IReadOnlyList<SizeCategoryTable> tables, RunContext context) =>
        Serialize(analysis, tables, [], context);

    public static string Serialize(RunAnalysis analysis, IReadOnlyList<SizeCategoryTable> tables, IReadOnlyList<PhaseRow> phases, RunContext context)
    {
        var warnings = analysis.Warnings.ToList();
        var numbers = new FiniteNumberConverter();
        string json = Serialize(analysis, tables, phases, context, warnings, numbers);
        if (numbers.Nulled == 0)
            return json;
        // Cannot happen with samples the reader accepted; if it does, the nulls say why in the warnings.
        warnings.Add($"{numbers.Nulled} statistic(s) overflowed to a value that is not a finite number and are written as null");
        return Serialize(analysis, tables, phases, context, warnings, new FiniteNumberConverter());
    }

    private static string Serialize(RunAnalysis analysis, IReadOnlyList<SizeCategoryTable> tables, IReadOnlyList<PhaseRow> phases, RunContext context,
        IReadOnlyList<string> warnings, FiniteNumberConverter numbers) =>
        JsonSerializer.Serialize(new
        {
            Schema = SchemaVersion,
            analysis.Inputs,
            analysis.Baseline,
            TestChoice = analysis.Options.Test.ToString().ToLowerInvariant(),
            analysis.Options.Alpha,
            analysis.Models,
            analysis.Configurations,
            Cases = analysis.Cases.Select(c => new
            {
                c.Model,
                c.Configuration,
                Status = c.State.ToString().ToLowerInvariant(),
                Roles = RunAnalysis.Roles(c.Configuration, analysis.Baseline, analysis.Options),
                c.Iterations,
                IterationsPlanned = c.Planned,
                ForeignCpuPct = c.ForeignCpuPercent,
            }),
            Warnings = warnings,
            BenchmarkWarnings = context.Warnings,
            SizeCategoryTables = tables.Select(t => new
            {
                t.Metric,
                t.Unit,
                t.Configurations,
                Rows = t.Rows.Select(r => new { r.Category, r.Medians, Best = r.Best is { } i ? t.Configurations[i] : null }),
            }),
            Stopping = StoppingTable.Of(analysis),
            Metrics = analysis.Metrics.Select(Entry),
            Phases = phases,
        }, new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Converters = { numbers },
        });

    private static object Entry(MetricAnalysis m) => new
    {
        m.Model,
        m.Metric,
        m.Unit,
        m.Sources,
        m.SizeCategory,
        Descriptive = m.Groups.Select(g => new
        {
            g.Configuration,
            g.Descriptive.N,
            g.Descriptive.Mean,
            Sd = g.Descriptive.StandardDeviation,
            g.Descriptive.Median,
            g.Descriptive.Q1,
            g.Descriptive.Q3,
            g.Descriptive.Iqr,
            g.Descriptive.Min,
            g.Descriptive.Max,
            MedianCi = new { Lower = g.Descriptive.MedianCiLower, Upper = g.Descriptive.MedianCiUpper, Coverage = g.Descriptive.MedianCiCoverage },
        }),
        Normality = m.Groups.Select(g => new { g.Configuration, Test = "shapiro-wilk", g.Normality.W, g.Normality.P, g.Normality.Normal, g.Normality.Note }),
        Levene = Test(m.Levene),
        m.Decision,
        m.DecisionReason,
        Omnibus = Test(m.Omnibus),
        Alternative = Test(m.Alternative),
        Posthoc = m.Posthoc.Select(p => new { p.A, p.B, p.Test, p.Difference, p.StandardError, p.Statistic, p.Df, p.P, p.PAdjusted }),
        EffectSizes = new
        {
            m.Effects.OmegaSquared,
            m.Effects.EpsilonSquared,
            Pairs = m.Effects.Pairs.Select(p => new { p.A, p.B, p.A12, p.SavingPercent }),
        },
        SavingsVsBaseline = m.Savings.Select(s => new { s.Configuration, s.Baseline, s.Percent }),
        m.Notes,
    };

    private static object? Test(TestResult? result) =>
        result is null ? null : new { result.Test, result.Statistic, result.Df1, result.Df2, result.P };
}
