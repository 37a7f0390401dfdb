using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Estimate;
using EnergyBench.Diagnosers.Meters.Nvml;
using EnergyBench.Diagnosers.Meters.Rapl;

namespace EnergyBench.Diagnosers.Measurement;

/// <summary>
/// Which channels answer which metric, with which provenance, and why the others are n/a: the bridge between the
/// meters that opened on this machine and the metrics of the samples file.
/// </summary>
public sealed record MeasurementPlan(
    string? CpuEnergyChannel,
    TdpLoadModel? CpuEstimate,
    string? GpuEnergyChannel,
    string GpuEnergyProvenance,
    bool HasGpuUtilization,
    bool HasWall,
    bool HasSystem,
    int LogicalCpus,
    IReadOnlyDictionary<string, string> NotAvailable)
{
    public static MeasurementPlan From(MeterSet meters)
    {
        var reasons = new Dictionary<string, string>();
        string Reason(string role) => meters.Statuses.FirstOrDefault(s => s.Role == role && !s.Available)?.Detail ?? "not measured";
        void Missing(string reason, params SampleMetric[] metrics)
        {
            foreach (var metric in metrics)
                reasons[metric.Name] = reason;
        }

        if (meters.Rapl is null && meters.Estimate is null)
            Missing(Reason(MeterSet.CpuEnergyRole), SampleMetric.CpuEnergy);
        if (meters.Nvml is null)
            Missing(Reason(MeterSet.GpuRole), SampleMetric.GpuEnergy, SampleMetric.GpuUsage, SampleMetric.GpuMemoryUtilization, SampleMetric.GpuMemoryUsed);
        else if (!meters.Nvml.Channels.Any(c => c.Name == NvmlMeter.UtilizationChannel))
            Missing("NVML: utilisation not supported on this GPU (MIG mode?)", SampleMetric.GpuUsage, SampleMetric.GpuMemoryUtilization);
        if (meters.Wattmeter is null)
            Missing(Reason(MeterSet.WallRole), SampleMetric.WallEnergy);
        if (meters.System is null)
            Missing(Reason(MeterSet.SystemRole), SampleMetric.CpuUsage, SampleMetric.RamUsage, SampleMetric.ForeignCpu);

        return new MeasurementPlan(
            meters.Rapl is null ? null : RaplMeter.EnergyChannel,
            meters.Rapl is null ? meters.Estimate : null,
            meters.Nvml is null ? null : meters.Nvml.EnergyProvenance == Provenance.Counter ? NvmlMeter.EnergyChannel : NvmlMeter.PowerChannel,
            meters.Nvml?.EnergyProvenance ?? Provenance.Counter,
            meters.Nvml?.Channels.Any(c => c.Name == NvmlMeter.UtilizationChannel) == true,
            meters.Wattmeter is not null,
            meters.System is not null,
            Environment.ProcessorCount,
            reasons)
        {
            CpuCounterName = meters.Rapl is { } rapl ? $"RAPL counter {rapl.ZoneNames}" : "RAPL counter",
            EnergyResolution = new IMeter?[] { meters.Rapl, meters.Rapl is null && meters.Estimate is not null ? meters.System : null, meters.Nvml }
                .OfType<IMeter>().Select(Resolution).DefaultIfEmpty(TimeSpan.Zero).Max(),
        };
    }

    private static TimeSpan Resolution(IMeter meter) => meter.UpdatePeriod > meter.SamplingPeriod ? meter.UpdatePeriod : meter.SamplingPeriod;

    /// <summary>
    /// The coarsest time step at which the CPU and GPU energy meters tell two moments apart (update or sampling period,
    /// whichever is longer): energy in a shorter window is a share of a sample interval, split by time.
    /// </summary>
    public TimeSpan EnergyResolution { get; init; }

    /// <summary>The CPU energy counter as messages name it, e.g. "RAPL counter package-0".</summary>
    public string CpuCounterName { get; init; } = "RAPL counter";

    /// <summary>The provenance of CPU energy, or null when it is n/a.</summary>
    public string? CpuEnergyProvenance => CpuEnergyChannel is not null ? Provenance.Counter : CpuEstimate is not null ? Provenance.Estimated : null;
}
