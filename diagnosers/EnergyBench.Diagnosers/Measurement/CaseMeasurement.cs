namespace EnergyBench.Diagnosers.Measurement;

/// <summary>A value and where it came from (<see cref="Meters.Provenance"/>).</summary>
public readonly record struct MetricValue(double Value, string Source);

/// <summary>The metrics of one measured iteration; a metric that could not be had is absent.</summary>
public sealed record IterationMeasurement(int Index, IReadOnlyDictionary<string, MetricValue> Values)
{
    public MetricValue? this[SampleMetric metric] => Values.TryGetValue(metric.Name, out var value) ? value : null;
}

/// <summary>Idle power in one idle window: CPU + GPU, and wall when a wattmeter is used.</summary>
public sealed record IdlePower(double? GlobalWatts, double? WallWatts);

/// <summary>
/// Everything measured for one benchmark case: its actual iterations, the idle windows around it, the CPU + GPU
/// energy of the whole actual stage (bracketed by BenchmarkDotNet's stage signals, so it includes what happens
/// between iterations), the reason for every metric that is n/a, and the warnings found on the way.
/// </summary>
public sealed record CaseMeasurement(
    IReadOnlyList<IterationMeasurement> Iterations,
    IdlePower? IdleBefore,
    IdlePower? IdleAfter,
    double? BracketGlobalEnergy,
    IReadOnlyDictionary<string, string> NotAvailable,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Why the case's process ended before all its iterations were reported (killed, crashed, interrupted); null when complete.</summary>
    public string? Incomplete { get; init; }

    /// <summary>Whether the case watchdog ended the case's process (<see cref="Interruption.CaseWatchdog"/>); then <see cref="Incomplete"/> says so too.</summary>
    public bool TimedOut { get; init; }

    /// <summary>The measured iterations the case's job asked for, when the job says.</summary>
    public int? PlannedIterations { get; init; }

    /// <summary>
    /// The report value of a metric: energies per operation (sum over the actual iterations / their operations, the
    /// actual stage only), J/token as total energy / total tokens, power as total energy / total time, and the mean
    /// of the iterations for the rest; prefill and decode J/token as their phase's energy / its tokens. Null when any
    /// iteration lacks the metric.
    /// </summary>
    public double? Summary(SampleMetric metric, long operations)
    {
        var values = Iterations.Select(i => i[metric]).ToList();
        if (values.Count == 0 || values.Any(v => v is null))
            return null;
        double Sum(SampleMetric m) => Iterations.Sum(i => i[m]?.Value ?? double.NaN);
        if (metric.IsEnergy)
            return operations > 0 ? values.Sum(v => v!.Value.Value) / operations : null;
        if (metric == SampleMetric.EnergyPerToken)
            return Sum(SampleMetric.Tokens) is > 0 and var tokens ? Sum(SampleMetric.GlobalEnergy) / tokens : null;
        if (metric == SampleMetric.PrefillEnergyPerToken)
            return Sum(SampleMetric.PromptTokens) is > 0 and var read ? Sum(SampleMetric.PrefillEnergy) / read : null;
        if (metric == SampleMetric.DecodeEnergyPerToken)
            return Sum(SampleMetric.DecodeTokens) is > 0 and var decoded ? Sum(SampleMetric.DecodeEnergy) / decoded : null;
        if (metric == SampleMetric.Power)
            return Sum(SampleMetric.Time) is > 0 and var seconds ? Sum(SampleMetric.GlobalEnergy) / seconds : null;
        return values.Average(v => v!.Value.Value);
    }

    /// <summary>The provenance of a metric (the same for every iteration of a case).</summary>
    public string? Source(SampleMetric metric) => Iterations.Select(i => i[metric]?.Source).FirstOrDefault(s => s is not null);
}
