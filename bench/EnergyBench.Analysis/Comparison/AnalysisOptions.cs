namespace EnergyBench.Analysis.Comparison;

/// <summary>Which omnibus test and post-hoc to report: the study's rule (Auto), one of them, or both.</summary>
public enum TestChoice { Auto, Welch, Kruskal, Both }

/// <param name="Test">The test choice (<c>--test</c>).</param>
/// <param name="Baseline">The configuration savings are computed against (<c>--baseline</c>); default the first present of torch-cpu, then the first configuration.</param>
/// <param name="Alpha">Significance level of the normality tests and of the decisions reported.</param>
public sealed record AnalysisOptions(TestChoice Test = TestChoice.Auto, string? Baseline = null, double Alpha = 0.05);
