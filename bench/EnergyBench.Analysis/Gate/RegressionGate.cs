using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Statistics;
using Pragmastat;
using Pragmastat.Estimators;

namespace EnergyBench.Analysis.Gate;

/// <summary>
/// Compares two sets of samples case by case (model and configuration label). With several launches on either side
/// the unit is the launch (<see cref="LaunchTest"/>: effect = ratio of the mean launch medians); with one launch per
/// side it is the iteration (<see cref="IterationTest"/>: effect = Hodges-Lehmann ratio and shift, Pragmastat). Either
/// way the test is against the baseline moved by the margin, max(threshold, noise floor), so a case is Slower only when
/// the current run is significantly beyond it and a change smaller than the threshold never fails the gate.
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

        var order = ConfigurationOrder.Sort(baseCases.Select(b => b.Configuration)).ToList();
        var results = new List<GateResult>();
        var currentStatus = CaseStatus.Of(current);
        var incomplete = currentStatus.Where(c => c.State == CaseState.Incomplete).ToDictionary(c => (c.Model, c.Configuration));
        foreach (var c in baseCases.Intersect(currentCases).OrderBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => order.IndexOf(c.Configuration)))
            foreach (var metric in options.Metrics)
            {
                var result = CompareCase(c.Model, c.Configuration, metric, baseline, current, options);
                // What a run that stopped short measured is no evidence that the case still passes.
                results.Add(incomplete.TryGetValue(c, out var status)
                    ? result with { Verdict = GateVerdict.Incomplete, Reason = $"{status.Describe()} in the current run; {Lower(result.Reason)}" }
                    : result);
            }

        var geometricMeans = options.Metrics
            .Select(m => (m.Name, Ratios: results.Where(r => r.Metric == m.Name && r.Ratio is > 0).Select(r => Math.Log(r.Ratio!.Value)).ToList()))
            .Where(x => x.Ratios.Count > 0)
            .ToDictionary(x => x.Name, x => Math.Exp(x.Ratios.Average()));
        return new GateReport(baselineName, currentName, options, results,
            baseCases.Except(currentCases).Select(Name).Order().ToList(), currentCases.Except(baseCases).Select(Name).Order().ToList(), geometricMeans,
            CaseStatus.Of(baseline), currentStatus);
    }

    private static GateResult CompareCase(string model, string configuration, GateMetric metric, IReadOnlyList<SampleRow> baseline, IReadOnlyList<SampleRow> current, GateOptions options)
    {
        List<double[]> Launches(IReadOnlyList<SampleRow> rows) =>
            rows.Where(r => r.Model == model && r.Configuration == configuration && r.Metric == metric.SamplesMetric && CaseStatus.IsMeasurement(r))
                .GroupBy(r => r.Launch).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Select(r => r.Value).ToArray()).ToList();
        var baseLaunches = Launches(baseline);
        var currentLaunches = Launches(current);
        double[] b = baseLaunches.SelectMany(l => l).ToArray(), c = currentLaunches.SelectMany(l => l).ToArray();
        bool byLaunch = options.Level == GateLevel.Launch || (options.Level == GateLevel.Auto && (baseLaunches.Count > 1 || currentLaunches.Count > 1));
        string threshold = options.ThresholdOf(metric).ToString();
        GateResult Unknown(string reason) => new(model, configuration, metric.Name, metric.Unit, b.Length, c.Length, baseLaunches.Count, currentLaunches.Count,
            Median(b), Median(c), null, null, null, null, threshold, GateVerdict.Unknown, reason);

        if (b.Length == 0 || c.Length == 0)
            return Unknown($"no {metric.SamplesMetric} samples in the {(b.Length == 0 ? "baseline" : "current run")} (meter n/a there?)");
        if (!byLaunch && (b.Length < MinimumIterations || c.Length < MinimumIterations))
            return Unknown($"fewer than {MinimumIterations} iterations (baseline {b.Length}, current {c.Length})");
        if (byLaunch && baseLaunches.Count + currentLaunches.Count < LaunchTest.MinimumLaunches)
            return Unknown($"a launch-level comparison needs {LaunchTest.MinimumLaunches} launches in all (baseline {baseLaunches.Count}, current {currentLaunches.Count})");
        if (current.Any(r => r.Model == model && r.Configuration == configuration && r.Metric == RunAnalysis.AgreementMetric && r.Value < 1))
            return Unknown("the current run's outputs differ from the reference configuration's (output-equivalence guard)");

        double[] baseMedians = baseLaunches.Select(l => Median(l)!.Value).ToArray(), currentMedians = currentLaunches.Select(l => Median(l)!.Value).ToArray();
        double baseCentre, currentCentre, shift;
        double? ratio;
        if (byLaunch)
        {
            (baseCentre, currentCentre) = (baseMedians.Average(), currentMedians.Average());
            shift = currentCentre - baseCentre;
            ratio = baseCentre > 0 && currentCentre > 0 ? currentCentre / baseCentre : null;
        }
        else
        {
            var (baseSample, currentSample) = (new Sample(b), new Sample(c));
            (baseCentre, currentCentre) = (Median(b)!.Value, Median(c)!.Value);
            shift = ShiftEstimator.Instance.Estimate(currentSample, baseSample);
            ratio = b.All(v => v > 0) && c.All(v => v > 0) ? (double)RatioEstimator.Instance.Estimate(currentSample, baseSample) : null;
        }
        double margin = Math.Max(options.ThresholdOf(metric).Margin(baseCentre), options.Noise.GetValueOrDefault(metric.Name)?.Margin(baseCentre) ?? 0);
        var test = byLaunch ? LaunchTest.Perform(baseMedians, currentMedians, margin) : IterationTest.Perform(b, c, margin);
        var (verdict, reason) = test.PSlower < options.Alpha
            ? (GateVerdict.Slower, $"larger than baseline + {margin:G3} {metric.Unit} (p = {test.PSlower:G3} < {options.Alpha}; {test.Name})")
            : test.PFaster < options.Alpha
                ? (GateVerdict.Faster, $"smaller than baseline - {margin:G3} {metric.Unit} (p = {test.PFaster:G3} < {options.Alpha}; {test.Name})")
                : (GateVerdict.Same, $"no change beyond {margin:G3} {metric.Unit} at alpha {options.Alpha} ({test.Name})");
        return new GateResult(model, configuration, metric.Name, metric.Unit, b.Length, c.Length, baseLaunches.Count, currentLaunches.Count,
            baseCentre, currentCentre, ratio, shift, test.PSlower, test.PFaster, threshold, verdict, reason);
    }

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static double? Median(double[] values) => values.Length == 0 ? null : Quantiles.Of(values.Order().ToArray(), 0.5);
}
