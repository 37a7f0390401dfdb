namespace EnergyBench.Analysis.Gate;

/// <summary>Faster and Slower are changes beyond the threshold at the significance level; Unknown says why no verdict was possible.</summary>
public enum GateVerdict { Same, Faster, Slower, Unknown }

/// <summary>One benchmark case and metric compared between the baseline and the current run.</summary>
/// <param name="Ratio">Hodges-Lehmann ratio current / baseline (median of pairwise ratios).</param>
/// <param name="Shift">Hodges-Lehmann shift current - baseline (median of pairwise differences), in the metric's unit.</param>
/// <param name="PSlower">One-sided Mann-Whitney p that current exceeds baseline + margin.</param>
/// <param name="PFaster">One-sided Mann-Whitney p that current is below baseline - margin.</param>
public sealed record GateResult(
    string Model, string Configuration, string Metric, string Unit, int BaselineCount, int CurrentCount,
    double? BaselineMedian, double? CurrentMedian, double? Ratio, double? Shift, double? PSlower, double? PFaster,
    string Threshold, GateVerdict Verdict, string Reason);

/// <summary>Every comparison, the cases only one side has, and the geometric mean of the ratios per metric.</summary>
public sealed record GateReport(
    string Baseline, string Current, GateOptions Options, IReadOnlyList<GateResult> Results,
    IReadOnlyList<string> OnlyInBaseline, IReadOnlyList<string> OnlyInCurrent, IReadOnlyDictionary<string, double> GeometricMeanRatio)
{
    public bool Regressed => Results.Any(r => r.Verdict == GateVerdict.Slower);
}
