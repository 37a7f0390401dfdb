namespace EnergyBench.Analysis.Gate;

/// <param name="Metrics">What to compare (<c>--metric time,energy</c>).</param>
/// <param name="Thresholds">Per metric name, the change that counts (<c>--threshold</c>, default 5 %).</param>
/// <param name="Noise">Per metric name, an absolute floor below which no change is a regression (<c>--noise</c>).</param>
/// <param name="Alpha">Significance level of the one-sided tests (default 0.01).</param>
/// <param name="Level">Whether launches or iterations are the unit of comparison (<c>--level</c>, default auto).</param>
/// <param name="AllowMissing">Whether a baseline case absent from the current run is accepted (<c>--allow-missing</c>) rather than a failure.</param>
public sealed record GateOptions(IReadOnlyList<GateMetric> Metrics, IReadOnlyDictionary<string, GateThreshold> Thresholds,
    IReadOnlyDictionary<string, GateThreshold> Noise, double Alpha = 0.01, GateLevel Level = GateLevel.Auto, bool AllowMissing = false)
{
    public static GateOptions Default { get; } = new([GateMetric.Time, GateMetric.Energy],
        new Dictionary<string, GateThreshold> { ["time"] = new(0.05, null), ["energy"] = new(0.05, null) },
        new Dictionary<string, GateThreshold>());

    public GateThreshold ThresholdOf(GateMetric metric) => Thresholds.GetValueOrDefault(metric.Name) ?? new GateThreshold(0.05, null);
}
