using MathNet.Numerics.Distributions;

namespace EnergyBench.Analysis.Gate;

/// <summary>
/// Two one-sided pooled-variance t-tests on one value per launch (the launch's median iteration), against the
/// baseline mean moved by +-margin. The variance comes from whichever side has several launches, so one fresh launch
/// can be tested against a history of baseline launches (then it is the t prediction test); df = launches - 2.
/// This is the test that sees launch-to-launch variation, which on shared machines dwarfs the spread inside a launch.
/// </summary>
public static class LaunchTest
{
    public const int MinimumLaunches = 3;

    public static MarginTest Perform(IReadOnlyList<double> baseline, IReadOnlyList<double> current, double margin)
    {
        if (baseline.Count < 1 || current.Count < 1 || baseline.Count + current.Count < MinimumLaunches)
            throw new ArgumentException($"a launch-level test needs at least one launch per side and {MinimumLaunches} in all");
        int df = baseline.Count + current.Count - 2;
        double pooled = (SumOfSquares(baseline) + SumOfSquares(current)) / df;
        double standardError = Math.Sqrt(pooled * (1.0 / baseline.Count + 1.0 / current.Count));
        double difference = current.Average() - baseline.Average();
        string name = $"t-test on launch medians, {baseline.Count}/{current.Count} launches, df {df}";
        if (standardError == 0) // identical launches on each side: the difference is exact
            return new MarginTest(difference > margin ? 0 : 1, difference < -margin ? 0 : 1, name);
        double pSlower = StudentT.CDF(0, 1, df, (margin - difference) / standardError); // upper tail by symmetry, keeps small p
        double pFaster = StudentT.CDF(0, 1, df, (difference + margin) / standardError);
        return new MarginTest(pSlower, pFaster, name);
    }

    private static double SumOfSquares(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean));
    }
}
