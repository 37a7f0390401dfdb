using EnergyBench.Analysis.Samples;
using EnergyBench.Models;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Analysis.Comparison;

/// <summary>A model in the samples: its parameter count (from the benchmark's <c>model_parameters</c> rows) and size category.</summary>
public sealed record ModelInfo(string Name, long? Parameters, int? SizeCategory);

/// <summary>The whole analysis of a set of samples: every (model, metric) and what applies to all of them.</summary>
/// <param name="Rows">The measurements: rows of an iteration (1 and up), case-level metrics left out.</param>
/// <param name="Cases">Every case the samples hold, and the baseline or guard-reference cases they lack (missing).</param>
public sealed record RunAnalysis(
    IReadOnlyList<string> Inputs,
    string Baseline,
    AnalysisOptions Options,
    IReadOnlyList<ModelInfo> Models,
    IReadOnlyList<string> Configurations,
    IReadOnlyList<MetricAnalysis> Metrics,
    IReadOnlyList<SampleRow> Rows,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<CaseStatus> Cases)
{
    /// <summary>Rows that describe a case rather than measure an iteration; they are not analysed as metrics.</summary>
    public const string ParametersMetric = SamplesSchema.ParametersMetric;
    public const string AgreementMetric = SamplesSchema.OutputAgreementMetric;

    public static RunAnalysis Of(IReadOnlyList<string> inputs, IReadOnlyList<SampleRow> rows, AnalysisOptions options)
    {
        if (rows.Count == 0)
            throw new SamplesFormatException($"{string.Join(", ", inputs)}: no samples (did every benchmark fail?)");
        // The Prefill benchmark does other work than Generate: it feeds the prefill/decode table, not the comparisons.
        var prefillOnly = rows.Where(r => Phases.PhaseTable.IsPrefillCase(r.Configuration)).Select(r => r.Configuration).Distinct().ToList();
        rows = rows.Where(r => !Phases.PhaseTable.IsPrefillCase(r.Configuration)).ToList();
        if (rows.Count == 0)
            throw new SamplesFormatException($"{string.Join(", ", inputs)}: only Prefill benchmark samples; the analysis compares Generate cases");
        var configurations = ConfigurationOrder.Sort(rows.Select(r => r.Configuration)).ToList();
        string? reference = configurations.FirstOrDefault(c => ConfigurationOrder.ShortName(c) == AnalysisOptions.DefaultReference);
        string baseline = options.Baseline ?? reference ?? configurations[0];
        if (!configurations.Contains(baseline))
            throw new ArgumentException($"--baseline {baseline}: no such configuration in the samples (present: {string.Join(", ", configurations)})");

        var models = rows.Select(r => r.Model).Distinct().Select(m =>
        {
            double? parameters = rows.FirstOrDefault(r => r.Model == m && r.Metric == ParametersMetric)?.Value;
            return new ModelInfo(m, (long?)parameters, parameters is { } p ? SizeCategory.Of((long)p) : null);
        }).OrderBy(m => m.Parameters ?? long.MaxValue).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();

        var cases = CasesOf(rows, models, configurations, baseline, options);
        var warnings = new List<string>();
        if (prefillOnly.Count > 0)
            warnings.Add($"{string.Join(", ", prefillOnly)}: the Prefill benchmark, shown in \"Prefill and decode\" and not compared with the Generate cases");
        if (options.Baseline is null && reference is null)
            warnings.Add($"{AnalysisOptions.DefaultReference}, the default baseline, is not in the samples: savings are against {baseline} instead (choose one with --baseline)");
        foreach (var c in cases)
            if (CaseWarning(c, baseline, options) is { } warning)
                warnings.Add(warning);
        foreach (var low in rows.Where(r => r.Metric == AgreementMetric && r.Value < 1).DistinctBy(r => (r.Model, r.Configuration)))
            warnings.Add($"{low.Model} {low.Configuration}: only {low.Value:P0} of the guard's prompts generated the reference's tokens; its results measure different work");
        foreach (var unknown in models.Where(m => m.SizeCategory is null))
            warnings.Add($"{unknown.Name}: no model_parameters rows, so no size category (samples from an older run?)");
        warnings.AddRange(cases.Select(c => c.ForeignLoadWarning()).OfType<string>());

        var measured = rows.Where(CaseStatus.IsMeasurement).ToList();
        var analyses = new List<MetricAnalysis>();
        foreach (var model in models)
            foreach (var metric in measured.Where(r => r.Model == model.Name).Select(r => r.Metric).Distinct())
                analyses.Add(MetricAnalyzer.Analyze(model.Name, metric,
                    measured.Where(r => r.Model == model.Name && r.Metric == metric).ToList(), model.SizeCategory, options, baseline));
        return new RunAnalysis(inputs, baseline, options, models, configurations, analyses, measured, warnings, cases);
    }

    /// <summary>"baseline", "guard reference": what the analysis uses a configuration for.</summary>
    public static IReadOnlyList<string> Roles(string configuration, string baseline, AnalysisOptions options) =>
    [
        .. configuration == baseline ? ["baseline"] : Array.Empty<string>(),
        .. IsGuardReference(configuration, options) ? ["guard reference"] : Array.Empty<string>(),
    ];

    private static bool IsGuardReference(string configuration, AnalysisOptions options) =>
        configuration == options.GuardReference || ConfigurationOrder.ShortName(configuration) == options.GuardReference;

    /// <summary>
    /// The cases present, in model and configuration order, and per model the baseline and the guard's reference where
    /// the samples expect them but hold no row: the baseline for every model, the reference for models the guard ran on.
    /// </summary>
    private static IReadOnlyList<CaseStatus> CasesOf(IReadOnlyList<SampleRow> rows, IReadOnlyList<ModelInfo> models, List<string> configurations,
        string baseline, AnalysisOptions options)
    {
        var present = CaseStatus.Of(rows);
        var cases = new List<CaseStatus>();
        foreach (var model in models)
        {
            var own = present.Where(c => c.Model == model.Name).ToList();
            cases.AddRange(own.OrderBy(c => configurations.IndexOf(c.Configuration)));
            if (own.All(c => c.Configuration != baseline))
                cases.Add(CaseStatus.Missing(model.Name, baseline));
            bool guarded = rows.Any(r => r.Model == model.Name && r.Metric == AgreementMetric);
            if (guarded && !IsGuardReference(baseline, options) && own.All(c => !IsGuardReference(c.Configuration, options)))
                cases.Add(CaseStatus.Missing(model.Name, options.GuardReference));
        }
        return cases;
    }

    private static string? CaseWarning(CaseStatus c, string baseline, AnalysisOptions options)
    {
        var roles = Roles(c.Configuration, baseline, options);
        string name = $"{c.Model} {c.Configuration}{(roles.Count > 0 ? $" ({string.Join(", ", roles)})" : "")}";
        string savings = c.Configuration == baseline ? $"; no savings for {c.Model}" : "";
        return c.State switch
        {
            CaseState.Missing => $"{name}: {c.Describe()}{savings}",
            CaseState.Incomplete when c.Iterations == 0 => $"{name}: {c.Describe()}; nothing of it to analyse{savings}",
            CaseState.Incomplete => $"{name}: {c.Describe()}; analysed with those {c.Iterations}, so its figures are less certain" +
                                    (c.Configuration == baseline ? " and so are the savings against it" : ""),
            _ => null,
        };
    }
}
