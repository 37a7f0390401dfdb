using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Analysis.Reports;

/// <summary>
/// The column legends of a run's BenchmarkDotNet log (<c>// * Legends *</c>), where a metric that could not be measured
/// says why (<c>Decode J/token : ...; n/a: REASON</c>): the samples file has no rows for it, so this is the only place
/// the reason is kept.
/// </summary>
public sealed class RunLegends(IReadOnlyDictionary<string, string> legends)
{
    public static readonly RunLegends Empty = new(new Dictionary<string, string>());

    private const string NotAvailableMarker = "; n/a: ";

    /// <summary>The legends of every log in <paramref name="runDirectory"/> (the first legend of a column wins).</summary>
    public static RunLegends Read(string runDirectory)
    {
        var legends = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(runDirectory))
            return Empty;
        foreach (string log in Directory.EnumerateFiles(runDirectory, "*.log", SearchOption.TopDirectoryOnly).Order())
            foreach (string line in RunContext.Section(log, "Legends"))
                if (Parse(line) is { } legend)
                    legends.TryAdd(legend.Column, legend.Text);
        return new RunLegends(legends);
    }

    /// <summary>"  Decode J/token (est.) : text" -> ("Decode J/token (est.)", "text").</summary>
    public static (string Column, string Text)? Parse(string line)
    {
        int colon = line.IndexOf(" : ", StringComparison.Ordinal);
        return colon < 0 ? null : (line[..colon].Trim(), line[(colon + 3)..].Trim());
    }

    /// <summary>Why <paramref name="metric"/> is n/a in the run, or null when its legend gives no reason.</summary>
    public string? NotAvailable(SampleMetric metric)
    {
        foreach (var (column, text) in legends)
        {
            // Estimates carry " (est.)" after the column's name.
            if (column != metric.ColumnName && !column.StartsWith(metric.ColumnName + " (", StringComparison.Ordinal))
                continue;
            int at = text.IndexOf(NotAvailableMarker, StringComparison.Ordinal);
            if (at >= 0)
                return text[(at + NotAvailableMarker.Length)..];
        }
        return null;
    }
}
