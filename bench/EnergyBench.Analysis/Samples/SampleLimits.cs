using System.Globalization;

namespace EnergyBench.Analysis.Samples;

/// <summary>
/// The values a samples file can hold, by unit (the units of <c>SampleMetric</c> and of the case-level rows). Every
/// percentage of the suite is of all cores, of the time, or of a memory's size, so it lies near 0..100; a value larger
/// than <see cref="MaximumMagnitude"/> is no measurement and would overflow the sums of squares behind an SD.
/// </summary>
public static class SampleLimits
{
    public const double MaximumMagnitude = 1e15;

    /// <summary>
    /// The largest percentage a meter of the suite can write. CPU times come in 10 ms ticks, so over an iteration of a
    /// few tens of milliseconds one tick more or less moves a "% of all cores" by tens of points: 106 % is a real,
    /// coarse reading of a short iteration (the run warns that the meter cannot resolve it), not damage. Ten times
    /// the whole machine is beyond any rounding.
    /// </summary>
    public const double MaximumPercent = 1000;

    /// <summary>Metrics that can be negative: net energy is gross minus idle power x time.</summary>
    private static readonly HashSet<string> Signed = new(StringComparer.Ordinal) { "net_energy_j" };

    private static readonly HashSet<string> NonNegativeUnits = new(StringComparer.Ordinal) { "s", "J", "W", "%", "MiB", "tokens", "count", "flag", "share" };

    /// <summary>What is impossible about <paramref name="value"/> as <paramref name="metric"/> in <paramref name="unit"/>; null when it is possible.</summary>
    public static string? Problem(string metric, string unit, double value)
    {
        string Text(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        if (Math.Abs(value) > MaximumMagnitude)
            return $"{metric} {Text(value)} {unit} is beyond any measurement (magnitude above {Text(MaximumMagnitude)})";
        if (value < 0 && !Signed.Contains(metric) && NonNegativeUnits.Contains(unit))
            return $"{metric} {Text(value)} {unit} is negative";
        return unit switch
        {
            "%" when value > MaximumPercent => $"{metric} {Text(value)} % is above {Text(MaximumPercent)} % (percentages are of all cores, of the time or of the memory; tick rounding of short iterations never reaches that)",
            "share" when value > 1 => $"{metric} {Text(value)} is a share above 1",
            "flag" when value is not (0 or 1) => $"{metric} {Text(value)} is a flag other than 0 or 1",
            _ => null,
        };
    }
}
