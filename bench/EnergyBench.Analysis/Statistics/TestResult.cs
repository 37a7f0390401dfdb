namespace EnergyBench.Analysis.Statistics;

/// <summary>An omnibus test's outcome: its statistic, degrees of freedom (df2 is null for chi-square tests) and p-value.</summary>
public sealed record TestResult(string Test, double Statistic, double Df1, double? Df2, double P);

/// <summary>A pairwise comparison: the post-hoc test's statistic, df where it has one, raw and adjusted p-values.</summary>
public sealed record PairResult(string A, string B, string Test, double Difference, double StandardError, double Statistic, double? Df, double P, double PAdjusted);
