using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Samples;

namespace EnergyBench.Analysis.Gate;

/// <summary>
/// Faster and Slower are changes beyond the threshold at the significance level; Unknown says why no verdict was
/// possible; Incomplete is a case whose benchmark process did not finish in the current run, which never passes.
/// </summary>
public enum GateVerdict { Same, Faster, Slower, Unknown, Incomplete }

/// <summary>The comparison as a whole: <see cref="Unusable"/> when it could not be made, so it has no verdict on regressions.</summary>
public enum GateOutcome { Pass, Regression, Failed, Unusable }

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

/// <summary>Every comparison, the cases only one side has, the state of the cases, and the geometric mean of the ratios per metric.</summary>
/// <param name="BaselineCases">The status of every case of the baseline (incomplete ones are compared with what they have).</param>
/// <param name="CurrentCases">The status of every case of the current run (an incomplete one fails the comparison).</param>
public sealed record GateReport(
    string Baseline, string Current, GateOptions Options, IReadOnlyList<GateResult> Results,
    IReadOnlyList<string> OnlyInBaseline, IReadOnlyList<string> OnlyInCurrent, IReadOnlyDictionary<string, double> GeometricMeanRatio,
    IReadOnlyList<CaseStatus> BaselineCases, IReadOnlyList<CaseStatus> CurrentCases)
{
    public bool Regressed => Results.Any(r => r.Verdict == GateVerdict.Slower);

    /// <summary>Why no comparison could be made; null when it was made.</summary>
    public string? UnusableReason => Results.Count == 0 ? "the two runs have no benchmark case in common" : null;

    /// <summary>
    /// What fails the comparison besides a regression: a baseline case the current run lacks (unless
    /// <see cref="GateOptions.AllowMissing"/>) and a case the current run did not finish.
    /// </summary>
    public IReadOnlyList<string> Failures =>
    [
        .. Options.AllowMissing ? [] : BaselineCases.Where(c => OnlyInBaseline.Contains($"{c.Model} {c.Configuration}"))
            .Select(c => $"{Name(c)}: in the baseline, missing from the current run (--allow-missing accepts that)"),
        .. CurrentCases.Where(c => c.State == CaseState.Incomplete).Select(c => $"{Name(c)}: {c.Describe()} in the current run"),
    ];

    /// <summary>"gpt2-tiny torch-cpu (the reference configuration)": the suite's baseline of savings and of the output-equivalence guard says so.</summary>
    private static string Name(CaseStatus c) =>
        $"{c.Model} {c.Configuration}" + (ConfigurationOrder.ShortName(c.Configuration) == AnalysisOptions.DefaultReference ? " (the reference configuration)" : "");

    public GateOutcome Outcome =>
        UnusableReason is not null ? GateOutcome.Unusable
        : Regressed ? GateOutcome.Regression
        : Failures.Count > 0 ? GateOutcome.Failed
        : GateOutcome.Pass;

    /// <summary>Cases of either side over the foreign-CPU warning level: their time and energy include other processes' work.</summary>
    public IReadOnlyList<string> Notes =>
    [
        .. BaselineCases.Select(c => c.ForeignLoadWarning()).OfType<string>().Select(w => $"baseline: {w}"),
        .. CurrentCases.Select(c => c.ForeignLoadWarning()).OfType<string>().Select(w => $"current run: {w}"),
        .. BaselineCases.Where(c => c.State == CaseState.Incomplete)
            .Select(c => $"baseline: {c.Model} {c.Configuration}: {c.Describe()}; {(c.Iterations > 0 ? "compared with what it has" : "nothing of it to compare")}"),
    ];
}
