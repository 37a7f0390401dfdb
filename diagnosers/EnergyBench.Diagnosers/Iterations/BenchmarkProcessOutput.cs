using BenchmarkDotNet.Reports;

namespace EnergyBench.Diagnosers.Iterations;

/// <summary>Reads what the benchmark process wrote about itself from BenchmarkDotNet's captured standard output.</summary>
public static class BenchmarkProcessOutput
{
    public const string SettingPrefix = "#energybench-setting ";

    /// <summary>The actual-stage iterations of every launch, in order.</summary>
    public static IReadOnlyList<IterationRecord> ActualIterations(BenchmarkReport report) =>
        IterationRecord.ActualIn(report.ExecuteResults.SelectMany(result => result.StandardOutput ?? []));

    public static string SettingLine(string key, string value) => $"{SettingPrefix}{key}={value}";

    /// <summary>The <c>key=value</c> settings the benchmark process reported (threads, engine versions...).</summary>
    public static IReadOnlyDictionary<string, string> Settings(BenchmarkReport report)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in report.ExecuteResults.SelectMany(result => result.StandardOutput ?? []))
        {
            if (!line.StartsWith(SettingPrefix, StringComparison.Ordinal))
                continue;
            var pair = line[SettingPrefix.Length..].Split('=', 2);
            if (pair.Length == 2)
                settings[pair[0]] = pair[1];
        }
        return settings;
    }
}
