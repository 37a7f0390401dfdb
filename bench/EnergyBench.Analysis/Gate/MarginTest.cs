namespace EnergyBench.Analysis.Gate;

/// <summary>
/// The outcome of testing the current run against the baseline moved by a margin: p that the current run lies above
/// baseline + margin (slower, costlier) and p that it lies below baseline - margin (faster, cheaper).
/// </summary>
/// <param name="Name">The test, as the report names it ("Mann-Whitney on 10/10 iterations").</param>
public sealed record MarginTest(double PSlower, double PFaster, string Name);
