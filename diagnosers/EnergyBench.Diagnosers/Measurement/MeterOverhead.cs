namespace EnergyBench.Diagnosers.Measurement;

/// <summary>
/// The meters' own cost: time per token of the iterations measured with meters over that of the same case run without
/// them, minus 1, from the medians of the iterations. Its 95 % interval comes from a percentile bootstrap of the two
/// medians (fixed seed, so a report reads the same every time); the difference is within noise when the interval holds 0.
/// </summary>
public sealed record MeterOverhead(double Overhead, double Lower, double Upper)
{
    public const int Resamples = 2000;
    private const int Seed = 20261201;

    public bool WithinNoise => Lower <= 0 && Upper >= 0;

    /// <summary>Null when either side has no iterations or a non-positive median.</summary>
    public static MeterOverhead? Of(IReadOnlyList<double> meteredSecondsPerToken, IReadOnlyList<double> bareSecondsPerToken)
    {
        if (meteredSecondsPerToken.Count == 0 || bareSecondsPerToken.Count == 0)
            return null;
        double bare = Median(bareSecondsPerToken);
        if (bare <= 0)
            return null;
        var random = new Random(Seed);
        var ratios = new double[Resamples];
        var a = new double[meteredSecondsPerToken.Count];
        var b = new double[bareSecondsPerToken.Count];
        for (int r = 0; r < Resamples; r++)
        {
            for (int i = 0; i < a.Length; i++)
                a[i] = meteredSecondsPerToken[random.Next(a.Length)];
            for (int i = 0; i < b.Length; i++)
                b[i] = bareSecondsPerToken[random.Next(b.Length)];
            ratios[r] = Median(a) / Median(b) - 1;
        }
        Array.Sort(ratios);
        return new MeterOverhead(Median(meteredSecondsPerToken) / bare - 1,
            ratios[(int)(0.025 * (Resamples - 1))], ratios[(int)Math.Ceiling(0.975 * (Resamples - 1))]);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Overhead * 100:+0.00;-0.00} % [{Lower * 100:+0.00;-0.00}, {Upper * 100:+0.00;-0.00}]{(WithinNoise ? " noise" : "")}");
}
