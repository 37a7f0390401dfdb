namespace EnergyBench.Analysis.Gate;

/// <summary>Faster and Slower are changes beyond the threshold at the significance level; Unknown says why no verdict was possible.</summary>
public enum GateVerdict { Same, Faster, Slower, Unknown }

/// <summary>One benchmark case and metric compared between the baseline and the current run.</summary>
/// <param name="BaselineCount">Iterations on the baseline side, all launches together.</param>
/// <param name="BaselineLaunches">Launches (runs) on the baseline side.</param>
/// <param name="BaselineCentre">The median iteration (one launch per side) or the mean of the launch medians (several).</param>
/// <param name="Ratio">Current / baseline: the Hodges-Lehmann ratio (median of pairwise ratios) between iterations, or
/// the ratio of the centres between launches.</param>
/// <param name="Shift">Current - baseline in the metric's unit, estimated the same way.</param>
/// <param name="PSlower">One-sided p that current exceeds baseline + margin.</param>
/// <param name="PFaster">One-sided p that current is below baseline - margin.</param>
public sealed record GateResult(
    string Model, string Configuration, string Metric, string Unit, int BaselineCount, int CurrentCount,
    int BaselineLaunches, int CurrentLaunches, double? BaselineCentre, double? CurrentCentre, double? Ratio, double? Shift, double? PSlower, double? PFaster,
    string Threshold, GateVerdict Verdict, string Reason);

/// <summary>Every comparison, the cases only one side has, and the geometric mean of the ratios per metric.</summary>
public sealed record GateReport(
    string Baseline, string Current, GateOptions Options, IReadOnlyList<GateResult> Results,
    IReadOnlyList<string> OnlyInBaseline, IReadOnlyList<string> OnlyInCurrent, IReadOnlyDictionary<string, double> GeometricMeanRatio)
{
    public bool Regressed => Results.Any(r => r.Verdict == GateVerdict.Slower);
}
