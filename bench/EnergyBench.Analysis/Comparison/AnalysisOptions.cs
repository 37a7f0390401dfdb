namespace EnergyBench.Analysis.Comparison;

/// <summary>Which omnibus test and post-hoc to report: the study's rule (Auto), one of them, or both.</summary>
public enum TestChoice { Auto, Welch, Kruskal, Both }

/// <param name="Test">The test choice (<c>--test</c>).</param>
/// <param name="Baseline">The configuration savings are computed against (<c>--baseline</c>); default the first present of torch-cpu, then the first configuration.</param>
/// <param name="Alpha">Significance level of the normality tests and of the decisions reported.</param>
/// <param name="GuardReference">The output-equivalence guard's reference configuration (the suite's <c>--guard-reference</c>, default torch-cpu).</param>
public sealed record AnalysisOptions(TestChoice Test = TestChoice.Auto, string? Baseline = null, double Alpha = 0.05, string GuardReference = AnalysisOptions.DefaultReference)
{
    /// <summary>The suite's reference: the default baseline of savings and of the output-equivalence guard.</summary>
    public const string DefaultReference = "torch-cpu";
}
