using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Diagnosers.Columns;

/// <summary>
/// The meters' cost in one run: on each metered case, its time per token against the same case in a job that turns
/// the meters off (<see cref="EnergyDiagnoser.IsUnmetered"/>), as <see cref="MeterOverhead"/>. The reference rows read
/// "reference"; a case without an unmetered twin reads n/a.
/// </summary>
public sealed class MeterOverheadColumn : IColumn
{
    public string Id => "MeterOverhead";
    public string ColumnName => "Meter overhead";
    public string Legend =>
        "Time per token with meters / without - 1 (medians of the actual iterations, against the same case in the job with BENCH_METERS=off), " +
        $"with its 95 % bootstrap interval; 'noise' when the interval holds 0";
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
        var twin = summary.BenchmarksCases.FirstOrDefault(other => EnergyDiagnoser.IsUnmetered(other)
            && other.Descriptor == benchmarkCase.Descriptor && other.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo);
        if (twin is null || summary[benchmarkCase] is not { } metered || summary[twin] is not { } bare)
            return "n/a";
        return SecondsPerToken(metered) is { } a && SecondsPerToken(bare) is { } b && MeterOverhead.Of(a, b) is { } overhead
            ? overhead.ToString()
            : "n/a";
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
