using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace EnergyBench.Analysis.Gate;

/// <summary>
/// Two one-sided Mann-Whitney tests (Perfolizer) of the current iterations against the baseline iterations shifted by
/// +-margin. Exact for small samples and free of distribution assumptions, but it takes every iteration as
/// independent, so between two single launches it also calls launch-to-launch drift significant.
/// </summary>
public static class IterationTest
{
    public static MarginTest Perform(double[] baseline, double[] current, double margin)
    {
        var test = MannWhitneyTest.Instance;
        var currentSample = new Sample(current);
        double pSlower = test.GetPValue(currentSample, new Sample(baseline.Select(v => v + margin).ToArray()), AlternativeHypothesis.Greater, Threshold.Zero);
        double pFaster = test.GetPValue(currentSample, new Sample(baseline.Select(v => v - margin).ToArray()), AlternativeHypothesis.Less, Threshold.Zero);
        return new MarginTest(pSlower, pFaster, $"Mann-Whitney, {baseline.Length}/{current.Length} iterations");
    }
}
