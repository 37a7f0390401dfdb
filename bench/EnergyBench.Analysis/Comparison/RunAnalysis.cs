using EnergyBench.Analysis.Samples;
using EnergyBench.Models;

namespace EnergyBench.Analysis.Comparison;

/// <summary>A model in the samples: its parameter count (from the benchmark's <c>model_parameters</c> rows) and size category.</summary>
public sealed record ModelInfo(string Name, long? Parameters, int? SizeCategory);

/// <summary>The whole analysis of a set of samples: every (model, metric) and what applies to all of them.</summary>
public sealed record RunAnalysis(
    IReadOnlyList<string> Inputs,
    string Baseline,
    AnalysisOptions Options,
    IReadOnlyList<ModelInfo> Models,
    IReadOnlyList<string> Configurations,
    IReadOnlyList<MetricAnalysis> Metrics,
    IReadOnlyList<SampleRow> Rows,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Rows that describe a case rather than measure an iteration; they are not analysed as metrics.</summary>
    public const string ParametersMetric = "model_parameters";
    public const string AgreementMetric = "output_agreement";

    public static RunAnalysis Of(IReadOnlyList<string> inputs, IReadOnlyList<SampleRow> rows, AnalysisOptions options)
    {
        if (rows.Count == 0)
            throw new SamplesFormatException($"{string.Join(", ", inputs)}: no samples (did every benchmark fail?)");
        var configurations = ConfigurationOrder.Sort(rows.Select(r => r.Configuration)).ToList();
        string baseline = options.Baseline
                          ?? configurations.FirstOrDefault(c => ConfigurationOrder.ShortName(c) == "torch-cpu")
                          ?? configurations[0];
        if (!configurations.Contains(baseline))
            throw new ArgumentException($"--baseline {baseline}: no such configuration in the samples (present: {string.Join(", ", configurations)})");

        var models = rows.Select(r => r.Model).Distinct().Select(m =>
        {
            double? parameters = rows.FirstOrDefault(r => r.Model == m && r.Metric == ParametersMetric)?.Value;
            return new ModelInfo(m, (long?)parameters, parameters is { } p ? SizeCategory.Of((long)p) : null);
        }).OrderBy(m => m.Parameters ?? long.MaxValue).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();

        var warnings = new List<string>();
        foreach (var low in rows.Where(r => r.Metric == AgreementMetric && r.Value < 1).DistinctBy(r => (r.Model, r.Configuration)))
            warnings.Add($"{low.Model} {low.Configuration}: only {low.Value:P0} of the guard's prompts generated the reference's tokens; its results measure different work");
        foreach (var unknown in models.Where(m => m.SizeCategory is null))
            warnings.Add($"{unknown.Name}: no model_parameters rows, so no size category (samples from an older run?)");

        var analyses = new List<MetricAnalysis>();
        foreach (var model in models)
            foreach (var metric in rows.Where(r => r.Model == model.Name && r.Metric is not (ParametersMetric or AgreementMetric))
                         .Select(r => r.Metric).Distinct())
                analyses.Add(MetricAnalyzer.Analyze(model.Name, metric,
                    rows.Where(r => r.Model == model.Name && r.Metric == metric).ToList(), model.SizeCategory, options, baseline));
        return new RunAnalysis(inputs, baseline, options, models, configurations, analyses, rows, warnings);
    }
}
