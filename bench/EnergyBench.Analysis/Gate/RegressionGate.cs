using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Statistics;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;
using Pragmastat.Estimators;

namespace EnergyBench.Analysis.Gate;

/// <summary>
/// Compares two sets of samples case by case (model and configuration label): the effect is the Hodges-Lehmann ratio
/// and shift (Pragmastat), the decision two one-sided Mann-Whitney tests (Perfolizer) against the baseline moved by
/// the margin, max(threshold, noise floor). A case is Slower only when the current run is significantly beyond that
/// margin, so a change smaller than the threshold never fails the gate.
/// </summary>
public static class RegressionGate
{
    public const int MinimumIterations = 3;

    public static GateReport Compare(string baselineName, IReadOnlyList<SampleRow> baseline, string currentName, IReadOnlyList<SampleRow> current, GateOptions options)
    {
        static IEnumerable<(string Model, string Configuration)> Cases(IReadOnlyList<SampleRow> rows) =>
            rows.Select(r => (r.Model, r.Configuration)).Distinct();
        var baseCases = Cases(baseline).ToHashSet();
        var currentCases = Cases(current).ToHashSet();
        static string Name((string Model, string Configuration) c) => $"{c.Model} {c.Configuration}";

        var results = new List<GateResult>();
        foreach (var c in baseCases.Intersect(currentCases).OrderBy(c => c.Model, StringComparer.Ordinal)
                     .ThenBy(c => ConfigurationOrder.Sort(baseCases.Select(b => b.Configuration)).ToList().IndexOf(c.Configuration)))
            foreach (var metric in options.Metrics)
                results.Add(CompareCase(c.Model, c.Configuration, metric, baseline, current, options));

        var geometricMeans = options.Metrics
            .Select(m => (m.Name, Ratios: results.Where(r => r.Metric == m.Name && r.Ratio is > 0).Select(r => Math.Log(r.Ratio!.Value)).ToList()))
            .Where(x => x.Ratios.Count > 0)
            .ToDictionary(x => x.Name, x => Math.Exp(x.Ratios.Average()));
        return new GateReport(baselineName, currentName, options, results,
            baseCases.Except(currentCases).Select(Name).Order().ToList(), currentCases.Except(baseCases).Select(Name).Order().ToList(), geometricMeans);
    }

    private static GateResult CompareCase(string model, string configuration, GateMetric metric, IReadOnlyList<SampleRow> baseline, IReadOnlyList<SampleRow> current, GateOptions options)
    {
        double[] Values(IReadOnlyList<SampleRow> rows) =>
            rows.Where(r => r.Model == model && r.Configuration == configuration && r.Metric == metric.SamplesMetric).Select(r => r.Value).ToArray();
        double[] b = Values(baseline), c = Values(current);
        string threshold = options.ThresholdOf(metric).ToString();
        GateResult Unknown(string reason) => new(model, configuration, metric.Name, metric.Unit, b.Length, c.Length,
            Median(b), Median(c), null, null, null, null, threshold, GateVerdict.Unknown, reason);

        if (b.Length == 0 || c.Length == 0)
            return Unknown($"no {metric.SamplesMetric} samples in the {(b.Length == 0 ? "baseline" : "current run")} (meter n/a there?)");
        if (b.Length < MinimumIterations || c.Length < MinimumIterations)
            return Unknown($"fewer than {MinimumIterations} iterations (baseline {b.Length}, current {c.Length})");
        if (current.Any(r => r.Model == model && r.Configuration == configuration && r.Metric == RunAnalysis.AgreementMetric && r.Value < 1))
            return Unknown("the current run's outputs differ from the reference configuration's (output-equivalence guard)");

        var baseSample = new Sample(b);
        var currentSample = new Sample(c);
        double baseMedian = Median(b)!.Value;
        double margin = Math.Max(options.ThresholdOf(metric).Margin(baseMedian), options.Noise.GetValueOrDefault(metric.Name)?.Margin(baseMedian) ?? 0);
        double shift = ShiftEstimator.Instance.Estimate(currentSample, baseSample);
        double? ratio = b.All(v => v > 0) && c.All(v => v > 0) ? (double)RatioEstimator.Instance.Estimate(currentSample, baseSample) : null;
        var test = MannWhitneyTest.Instance;
        double pSlower = test.GetPValue(currentSample, new Sample(b.Select(v => v + margin).ToArray()), AlternativeHypothesis.Greater, Threshold.Zero);
        double pFaster = test.GetPValue(currentSample, new Sample(b.Select(v => v - margin).ToArray()), AlternativeHypothesis.Less, Threshold.Zero);
        var (verdict, reason) = pSlower < options.Alpha
            ? (GateVerdict.Slower, $"larger than baseline + {margin:G3} {metric.Unit} (p = {pSlower:G3} < {options.Alpha})")
            : pFaster < options.Alpha
                ? (GateVerdict.Faster, $"smaller than baseline - {margin:G3} {metric.Unit} (p = {pFaster:G3} < {options.Alpha})")
                : (GateVerdict.Same, $"no change beyond {margin:G3} {metric.Unit} at alpha {options.Alpha}");
        return new GateResult(model, configuration, metric.Name, metric.Unit, b.Length, c.Length, baseMedian, Median(c), ratio, shift,
            pSlower, pFaster, threshold, verdict, reason);
    }

    private static double? Median(double[] values) => values.Length == 0 ? null : Quantiles.Of(values.Order().ToArray(), 0.5);
}
