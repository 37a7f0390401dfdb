using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>
/// The meters' cost in one run: on each metered case, the time per token of every metered job of that benchmark and
/// parameters against every job that turns the meters off (<see cref="EnergyDiagnoser.IsUnmetered"/>), as
/// <see cref="MeterOverhead"/>. Several alternating pairs of jobs (BenchmarkDotNet runs a case's jobs in the order of
/// their names) spread load that drifts during the run over both sides. The unmetered rows read "reference"; a case
/// without an unmetered twin reads n/a.
/// </summary>
public sealed class MeterOverheadColumn : IColumn
{
    public string Id => "MeterOverhead";
    public string ColumnName => "Meter overhead";
    public string Legend =>
        "Time per token with meters / without - 1 (medians of the actual iterations of all metered jobs of the case against all its jobs with BENCH_METERS=off), " +
        "with its 95 % bootstrap interval; 'noise' when the interval holds 0";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => false;
    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(EnergyDiagnoser.IsUnmetered);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (EnergyDiagnoser.IsUnmetered(benchmarkCase))
            return "reference";
        var sameCase = summary.BenchmarksCases.Where(other => other.Descriptor == benchmarkCase.Descriptor
            && other.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo).ToList();
        var metered = SecondsPerToken(summary, sameCase.Where(c => !EnergyDiagnoser.IsUnmetered(c)));
        var bare = SecondsPerToken(summary, sameCase.Where(EnergyDiagnoser.IsUnmetered));
        return metered is not null && bare is not null && MeterOverhead.Of(metered, bare) is { } overhead ? overhead.ToString() : "n/a";
    }

    /// <summary>The iterations of some cases pooled; null when any of them lacks its times or tokens.</summary>
    private static List<double>? SecondsPerToken(Summary summary, IEnumerable<BenchmarkCase> cases)
    {
        var pooled = new List<double>();
        foreach (var benchmarkCase in cases)
        {
            if (summary[benchmarkCase] is not { } report || SecondsPerToken(report) is not { } values)
                return null;
            pooled.AddRange(values);
        }
        return pooled.Count > 0 ? pooled : null;
    }

    /// <summary>Each actual iteration's time (BenchmarkDotNet's measurement) over its tokens (the process's record); null when they do not pair up.</summary>
    private static List<double>? SecondsPerToken(BenchmarkReport report)
    {
        var records = BenchmarkProcessOutput.ActualIterations(report);
        var times = report.AllMeasurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == BenchmarkDotNet.Engines.IterationStage.Actual)
            .ToList();
        if (records.Count == 0 || records.Count != times.Count || records.Any(r => r.Tokens <= 0))
            return null;
        return times.Select((m, i) => m.Nanoseconds / 1e9 / records[i].Tokens).ToList();
    }

    public override string ToString() => ColumnName;
}
