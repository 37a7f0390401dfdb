namespace EnergyBench.Analysis.Statistics;

/// <summary>A test cannot be computed on these data (too few values, no variance); the message says which and why.</summary>
public sealed class StatisticsException(string message) : Exception(message);
