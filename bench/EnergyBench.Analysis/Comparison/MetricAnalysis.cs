using EnergyBench.Analysis.Statistics;

namespace EnergyBench.Analysis.Comparison;

/// <summary>Shapiro-Wilk on one configuration's values; <see cref="Note"/> says why it could not be computed.</summary>
public sealed record Normality(double? W, double? P, bool Normal, string? Note);

/// <summary>One configuration's values of a metric, described and tested for normality.</summary>
public sealed record GroupSummary(string Configuration, Descriptive Descriptive, Normality Normality);

/// <summary>A pair's effect size and the saving of <see cref="A"/> against <see cref="B"/> in medians, (B - A) / B x 100.</summary>
public sealed record PairEffect(string A, string B, double A12, double? SavingPercent);

/// <summary>How much a configuration saves against the baseline, in medians.</summary>
public sealed record Saving(string Configuration, string Baseline, double Percent);

public sealed record EffectSummary(double? OmegaSquared, double? EpsilonSquared, IReadOnlyList<PairEffect> Pairs);

/// <summary>
/// Everything the analysis says about one metric of one model across configurations: the groups, the equal-variance
/// test, the omnibus test the rule chose (and the other one), post-hoc pairs, effect sizes and savings.
/// </summary>
public sealed record MetricAnalysis(
    string Model,
    string Metric,
    string Unit,
    IReadOnlyList<string> Sources,
    int? SizeCategory,
    IReadOnlyList<GroupSummary> Groups,
    TestResult? Levene,
    string Decision,
    string DecisionReason,
    TestResult? Omnibus,
    TestResult? Alternative,
    IReadOnlyList<PairResult> Posthoc,
    EffectSummary Effects,
    IReadOnlyList<Saving> Savings,
    IReadOnlyList<string> Notes)
{
    public bool Significant(double alpha) => Omnibus is { } test && test.P < alpha;
}
