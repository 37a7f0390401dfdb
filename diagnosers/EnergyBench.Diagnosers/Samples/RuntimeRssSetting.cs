using System.Globalization;

namespace EnergyBench.Diagnosers.Samples;

/// <summary>
/// The engine's runtime baseline: the benchmark process's RSS once the engine's native runtime is loaded, before the
/// weights, which the process reports in bytes as the setting <see cref="Key"/> and the samples carry in MiB as
/// <see cref="SamplesSchema.RuntimeRssMetric"/>.
/// </summary>
public static class RuntimeRssSetting
{
    public const string Key = "runtime_rss_bytes";

    /// <summary>The baseline in MiB, or null when the settings hold none or not a positive number of bytes.</summary>
    public static double? Mib(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(Key, out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double bytes) && bytes > 0
            ? bytes / (1 << 20)
            : null;
}
