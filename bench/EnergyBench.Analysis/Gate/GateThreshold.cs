using System.Globalization;

namespace EnergyBench.Analysis.Gate;

/// <summary>
/// How large a change must be before it counts: relative ("5%", of the baseline's median) or absolute in the metric's
/// unit ("10ms", "0.5s", "2J", "500mJ").
/// </summary>
public sealed record GateThreshold(double? Relative, double? Absolute)
{
    private static readonly Dictionary<string, double> Seconds = new(StringComparer.Ordinal) { ["ns"] = 1e-9, ["us"] = 1e-6, ["ms"] = 1e-3, ["s"] = 1 };
    private static readonly Dictionary<string, double> Joules = new(StringComparer.Ordinal) { ["uJ"] = 1e-6, ["mJ"] = 1e-3, ["J"] = 1, ["kJ"] = 1e3 };

    /// <summary>The margin around <paramref name="baselineMedian"/> a change has to exceed.</summary>
    public double Margin(double baselineMedian) => Relative is { } r ? r * Math.Abs(baselineMedian) : Absolute ?? 0;

    public override string ToString() =>
        Relative is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:0.##}%") : string.Create(CultureInfo.InvariantCulture, $"{Absolute:G4}");

    /// <param name="unit">The metric's unit ("s" or "J"); an absolute threshold must use a unit of the same kind.</param>
    public static GateThreshold Parse(string text, string unit)
    {
        text = text.Trim();
        if (text.EndsWith('%') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) && percent >= 0)
            return new GateThreshold(percent / 100, null);
        var scales = unit == "s" ? Seconds : Joules;
        int split = text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.').Count();
        if (double.TryParse(text[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && scales.TryGetValue(text[split..].Trim(), out double scale))
            return new GateThreshold(null, value * scale);
        throw new ArgumentException($"threshold '{text}' is neither a percentage (5%) nor an amount in {string.Join(", ", scales.Keys)}");
    }

    /// <summary>"5%" for every metric, or "time=5%,energy=3%" per metric.</summary>
    public static Dictionary<string, GateThreshold> ParseList(string text, IEnumerable<GateMetric> metrics, string option)
    {
        var result = new Dictionary<string, GateThreshold>(StringComparer.Ordinal);
        var list = metrics.ToList();
        if (!text.Contains('='))
        {
            foreach (var metric in list)
                result[metric.Name] = Parse(text, metric.Unit);
            return result;
        }
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2);
            var metric = pair.Length == 2 ? GateMetric.Parse(pair[0]) : throw new ArgumentException($"{option}: '{part}' is not metric=value");
            result[metric.Name] = Parse(pair[1], metric.Unit);
        }
        return result;
    }
}
