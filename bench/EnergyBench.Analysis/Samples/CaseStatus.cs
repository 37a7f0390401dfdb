using System.Globalization;
using EnergyBench.Analysis.Statistics;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Analysis.Samples;

/// <summary>Whether a case finished its planned iterations, stopped short, or left no rows at all where it was expected.</summary>
public enum CaseState { Complete, Incomplete, Missing }

/// <summary>
/// One (model, configuration) case of a set of samples: how many iterations it measured against how many were planned,
/// and the median share of the CPU other processes took during its iterations. Rows at iteration 0 describe the case
/// (a case killed before its first iteration has only those), so they never count as an iteration.
/// </summary>
/// <param name="Iterations">Measured iterations, all launches together.</param>
/// <param name="Planned">Planned iterations, all launches together (<c>iterations_planned</c>); null when the samples do not say.</param>
/// <param name="ForeignCpuPercent">Median <c>foreign_cpu_pct</c> over the case's iterations; null when not measured.</param>
public sealed record CaseStatus(string Model, string Configuration, CaseState State, int Iterations, int? Planned, double? ForeignCpuPercent)
{
    /// <summary>Whether the case watchdog ended the case at its time limit (an incomplete case; <c>case_timed_out</c> rows).</summary>
    public bool TimedOut { get; init; }

    /// <summary>Value 1 on every row of a case whose benchmark process did not finish (unit <c>flag</c>).</summary>
    public const string IncompleteMetric = SamplesSchema.IncompleteMetric;

    /// <summary>The iterations the job planned for the case (unit <c>count</c>).</summary>
    public const string PlannedMetric = SamplesSchema.PlannedIterationsMetric;

    /// <summary>CPU use of other processes during an iteration, in % of all cores.</summary>
    public static readonly string ForeignCpuMetric = Diagnosers.Measurement.SampleMetric.ForeignCpu.Name;

    /// <summary>Above this median share of the CPU taken by other processes, a case's energy is said to include theirs.</summary>
    public const double ForeignCpuWarning = Diagnosers.Measurement.ForeignLoad.MaterialPercent;

    /// <summary>Metrics that describe a case rather than measure an iteration; never analysed or compared as metrics.</summary>
    public static readonly IReadOnlySet<string> CaseMetrics = SamplesSchema.CaseMetrics.ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether a row is a measurement of one iteration (not a case-level row, not iteration 0).</summary>
    public static bool IsMeasurement(SampleRow row) => row.Iteration > SamplesSchema.CaseLevelIteration && !CaseMetrics.Contains(row.Metric);

    /// <summary>"incomplete, 2 of 10 iterations", "complete, 10 iterations", "missing: no rows at all".</summary>
    public string Describe() => State switch
    {
        CaseState.Missing => "missing: no rows at all",
        CaseState.Incomplete => $"incomplete, {Iterations} of {(Planned?.ToString(CultureInfo.InvariantCulture) ?? "?")} iterations ({(TimedOut ? "timed out: the watchdog ended it at the case time limit" : "its benchmark process did not finish")})",
        _ => $"complete, {Iterations} iterations",
    };

    public static CaseStatus Missing(string model, string configuration) => new(model, configuration, CaseState.Missing, 0, null, null);

    /// <summary>The status of every case in <paramref name="rows"/>, in the order cases first appear.</summary>
    public static IReadOnlyList<CaseStatus> Of(IReadOnlyList<SampleRow> rows) =>
        rows.GroupBy(r => (r.Model, r.Configuration)).Select(c => Of(c.Key.Model, c.Key.Configuration, c.ToList())).ToList();

    private static CaseStatus Of(string model, string configuration, IReadOnlyList<SampleRow> rows)
    {
        int iterations = 0, planned = 0;
        bool knowsPlan = true, flagged = false;
        bool timedOut = rows.Any(r => r.Metric == SamplesSchema.TimedOutMetric && r.Value != 0);
        foreach (var launch in rows.GroupBy(r => r.Launch))
        {
            int measured = launch.Where(IsMeasurement).Select(r => r.Iteration).Distinct().Count();
            iterations += measured;
            flagged |= launch.Any(r => r.Metric == IncompleteMetric && r.Value != 0);
            if (launch.Where(r => r.Metric == PlannedMetric).Select(r => (int?)r.Value).Max() is { } n)
                planned += n;
            else
                knowsPlan = false;
        }
        // The flag is the benchmark's word; fewer iterations than planned says the same where the flag is absent.
        bool incomplete = flagged || timedOut || (knowsPlan && iterations < planned);
        var foreign = rows.Where(r => r.Metric == ForeignCpuMetric && IsMeasurement(r)).Select(r => r.Value).Order().ToArray();
        return new CaseStatus(model, configuration, incomplete ? CaseState.Incomplete : CaseState.Complete, iterations,
            knowsPlan ? planned : null, foreign.Length > 0 ? Quantiles.Of(foreign, 0.5) : null) { TimedOut = timedOut };
    }

    /// <summary>"gpt2-tiny onnx-cpu: other processes used 23 % of the CPU ..." when the median exceeds <see cref="ForeignCpuWarning"/>.</summary>
    public string? ForeignLoadWarning() =>
        ForeignCpuPercent is { } share && share > ForeignCpuWarning
            ? string.Create(CultureInfo.InvariantCulture,
                $"{Model} {Configuration}: other processes used {share:0.#} % of the CPU during its iterations (median); its energy includes theirs")
            : null;
}
