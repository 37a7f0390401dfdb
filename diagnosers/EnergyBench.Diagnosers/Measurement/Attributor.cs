using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Nvml;
using EnergyBench.Diagnosers.Meters.Proc;
using EnergyBench.Diagnosers.Meters.Wattmeter;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Measurement;

/// <summary>
/// Turns the sampled series of a case and the iteration windows the benchmark process stamped into per-iteration
/// metrics: counters are differenced over each window (values at the window's ends interpolated between samples),
/// power is integrated, usage is averaged over time. A window the samples do not cover gets no value, never a guess.
/// </summary>
public sealed class Attributor(MeasurementPlan plan)
{
    /// <summary>Idle windows differ by more than this share of their mean: the machine was not in the same state before and after.</summary>
    public const double IdleDriftTolerance = 0.10;

    /// <summary>CPU + GPU above the wall reading by more than this share: one of the meters is wrong.</summary>
    public const double WallTolerance = 0.10;

    /// <summary>Why an iteration has no non-forward share; the benchmark process prints the engine's own reason as a setting.</summary>
    public const string NoForwardTime = "the benchmark process did not time the engine's forward calls (see its forward_timer setting)";

    /// <summary>The metrics built on CPU energy, n/a with it.</summary>
    private static readonly SampleMetric[] CpuEnergyMetrics =
        [SampleMetric.CpuEnergy, SampleMetric.GlobalEnergy, SampleMetric.NetEnergy, SampleMetric.EnergyPerToken, SampleMetric.Power, .. SampleMetric.PhaseEnergies];

    public CaseMeasurement Compute(
        IReadOnlyDictionary<string, Sample[]> series,
        IReadOnlyList<IterationRecord> iterations,
        IReadOnlyList<double>? measuredSeconds,
        Window? idleBefore,
        Window? idleAfter,
        Window? bracket)
    {
        var notAvailable = new Dictionary<string, string>(plan.NotAvailable);
        var warnings = new List<string>();
        if (FrozenCounter(series, iterations) is { } frozen)
        {
            // A package never draws 0 W: a counter standing still is broken, and its samples measure nothing, idle windows included.
            warnings.Add($"{frozen}; CPU energy and what is built on it (CPU+GPU, net energy, J/token, power) are n/a");
            foreach (var metric in CpuEnergyMetrics)
                notAvailable[metric.Name] = frozen;
            series = series.Where(pair => pair.Key != plan.CpuEnergyChannel).ToDictionary();
        }
        foreach (var (name, window) in new[] { ("before", idleBefore), ("after", idleAfter) })
            if (window is { } idle && ForeignLoad.Percent(series, idle, benchmarkRunning: false) is > ForeignLoad.MaterialPercent and var share)
                warnings.Add($"the idle window {name} the case was not idle: processes other than the host used {share:0.0} % of all cores " +
                             "(idle power and net energy include their load)");
        var before = idleBefore is { } b ? Idle(series, b) : null;
        var after = idleAfter is { } a ? Idle(series, a) : null;
        double? idleGlobal = Mean(before?.GlobalWatts, after?.GlobalWatts);
        if (idleGlobal is null)
            notAvailable.TryAdd(SampleMetric.NetEnergy.Name, idleBefore is null && idleAfter is null
                ? "no idle window (--idle 0)"
                : "idle power could not be measured");
        if (before?.GlobalWatts is { } w0 && after?.GlobalWatts is { } w1 && Math.Abs(w1 - w0) > IdleDriftTolerance * (w0 + w1) / 2)
            warnings.Add($"idle power drifted from {w0:0.00} W before to {w1:0.00} W after the case (> {IdleDriftTolerance:P0})");

        bool timesMatch = measuredSeconds is not null && measuredSeconds.Count == iterations.Count;
        if (measuredSeconds is not null && !timesMatch)
            warnings.Add($"the benchmark process reported {iterations.Count} iteration windows for {measuredSeconds.Count} measured iterations");

        string? phasesUnresolved = PhaseSplit.Unresolved(iterations, plan.EnergyResolution);
        if (phasesUnresolved is not null)
            warnings.Add(phasesUnresolved);

        var results = new List<IterationMeasurement>();
        foreach (var (record, i) in iterations.Select((r, i) => (r, i)))
        {
            var window = new Window(record.StartTicks, record.StopTicks);
            var values = new Dictionary<string, MetricValue>();
            void Put(SampleMetric metric, double? value, string? source)
            {
                if (value is { } v && double.IsFinite(v) && source is not null)
                    values[metric.Name] = new MetricValue(v, source);
                else
                    notAvailable.TryAdd(metric.Name, "the meter's samples do not cover the iteration (it stopped or failed)");
            }

            double seconds = timesMatch ? measuredSeconds![i] : window.Seconds;
            Put(SampleMetric.Time, seconds, Provenance.Clock);
            Put(SampleMetric.Tokens, record.Tokens, Provenance.Count);
            if (record.NonForwardShare is { } nonForward)
                values[SampleMetric.NonForwardShare.Name] = new MetricValue(nonForward, Provenance.Clock);
            else
                notAvailable.TryAdd(SampleMetric.NonForwardShare.Name, NoForwardTime);

            var cpu = plan.CpuEnergyProvenance is null ? null : CpuEnergy(series, window);
            var gpu = plan.GpuEnergyChannel is null ? null : GpuEnergy(series, window);
            if (plan.CpuEnergyProvenance is not null) Put(SampleMetric.CpuEnergy, cpu, plan.CpuEnergyProvenance);
            if (plan.GpuEnergyChannel is not null) Put(SampleMetric.GpuEnergy, gpu, plan.GpuEnergyProvenance);

            // CPU + GPU: whichever of the two this machine has; both must be read when both exist.
            string? globalSource = Combine(plan.CpuEnergyProvenance, plan.GpuEnergyChannel is null ? null : plan.GpuEnergyProvenance);
            double? global = globalSource is null || (plan.CpuEnergyProvenance is not null && cpu is null) || (plan.GpuEnergyChannel is not null && gpu is null)
                ? null
                : (cpu ?? 0) + (gpu ?? 0);
            if (PhaseSplit.Times(record) is { } phaseTimes)
            {
                foreach (var (metric, value) in phaseTimes)
                    values[metric.Name] = new MetricValue(value, metric.Unit == "tokens" ? Provenance.Count : Provenance.Clock);
                if (globalSource is not null)
                {
                    string phaseSource = phasesUnresolved is null || Provenance.IsEstimate(globalSource) ? globalSource : Provenance.Interpolated;
                    var energies = PhaseSplit.Energies(record, w => GlobalEnergy(series, w));
                    foreach (var metric in SampleMetric.PhaseEnergies)
                    {
                        if (energies is not null && metric.IsPerToken && !energies.ContainsKey(metric))
                            notAvailable.TryAdd(metric.Name, "the phase generated or read no tokens (max_new_tokens 1 has no decode steps)");
                        else
                            Put(metric, energies?.GetValueOrDefault(metric, double.NaN), phaseSource);
                    }
                }
            }
            else
            {
                foreach (var metric in SampleMetric.PhaseTimes.Concat(SampleMetric.PhaseEnergies))
                    notAvailable.TryAdd(metric.Name, PhaseSplit.NotTimed);
            }
            if (globalSource is not null)
            {
                Put(SampleMetric.GlobalEnergy, global, globalSource);
                Put(SampleMetric.EnergyPerToken, record.Tokens > 0 ? global / record.Tokens : null, globalSource);
                Put(SampleMetric.Power, window.Seconds > 0 ? global / window.Seconds : null, globalSource);
                if (idleGlobal is not null)
                    Put(SampleMetric.NetEnergy, global - idleGlobal * window.Seconds, globalSource);
            }
            else
            {
                foreach (var metric in new[] { SampleMetric.GlobalEnergy, SampleMetric.EnergyPerToken, SampleMetric.Power, SampleMetric.NetEnergy }
                             .Concat(SampleMetric.PhaseEnergies))
                    notAvailable.TryAdd(metric.Name, "neither CPU nor GPU energy could be measured");
            }

            if (plan.HasWall)
            {
                double? wall = Get(series, WattmeterMeter.PowerChannel) is { } w ? WindowMath.Integral(w, window.Start, window.Stop) : null;
                Put(SampleMetric.WallEnergy, wall, Provenance.Wall);
                if (wall is { } wj && global is { } gj && gj > wj * (1 + WallTolerance))
                    warnings.Add($"iteration {record.Index}: CPU + GPU ({gj:0.00} J) exceeds the wall reading ({wj:0.00} J) by more than {WallTolerance:P0}");
            }
            if (plan.HasSystem)
            {
                Put(SampleMetric.CpuUsage, CpuLoad(series, window) * 100, Provenance.Proc);
                Put(SampleMetric.RamUsage, Mean(series, SystemMeter.RamChannel, window), Provenance.Proc);
            }
            if (series.ContainsKey(ProcessMeter.CpuSecondsChannel))
            {
                double? cpuSeconds = Get(series, ProcessMeter.CpuSecondsChannel) is { } s ? WindowMath.Delta(s, window.Start, window.Stop) : null;
                Put(SampleMetric.ProcessCpu, cpuSeconds / window.Seconds / plan.LogicalCpus * 100, Provenance.Proc);
                if (plan.HasSystem)
                    Put(SampleMetric.ForeignCpu, ForeignLoad.Percent(series, window, benchmarkRunning: true), Provenance.Proc);
                Put(SampleMetric.ProcessRss, Mean(series, ProcessMeter.RssChannel, window) / (1024 * 1024), Provenance.Proc);
                Put(SampleMetric.ProcessPeakRss,
                    Get(series, ProcessMeter.PeakRssChannel) is { } p ? WindowMath.Max(p, window.Start, window.Stop) / (1024 * 1024) : null, Provenance.Proc);
            }
            if (plan.GpuEnergyChannel is not null)
            {
                Put(SampleMetric.GpuMemoryUsed, Mean(series, NvmlMeter.MemoryUsedChannel, window), Provenance.Nvml);
                if (plan.HasGpuUtilization)
                {
                    Put(SampleMetric.GpuUsage, Mean(series, NvmlMeter.UtilizationChannel, window), Provenance.Nvml);
                    Put(SampleMetric.GpuMemoryUtilization, Mean(series, NvmlMeter.MemoryUtilizationChannel, window), Provenance.Nvml);
                }
            }
            results.Add(new IterationMeasurement(record.Index, values));
        }

        if (ForeignLoadWarning(results) is { } foreign)
            warnings.Add(foreign);

        double? bracketEnergy = bracket is { } w2 ? GlobalEnergy(series, w2) : null;
        // A metric some iterations have and others lack is reported n/a as a whole; drop the partial values' reason only if none lack it.
        foreach (var name in notAvailable.Keys.ToList())
            if (results.Count > 0 && results.All(r => r.Values.ContainsKey(name)))
                notAvailable.Remove(name);
        return new CaseMeasurement(results, before, after, bracketEnergy, notAvailable, warnings);
    }

    /// <summary>CPU + GPU energy over any window (idle windows, the whole actual stage).</summary>
    public double? GlobalEnergy(IReadOnlyDictionary<string, Sample[]> series, Window window)
    {
        if (plan.CpuEnergyProvenance is null && plan.GpuEnergyChannel is null)
            return null;
        double? cpu = plan.CpuEnergyProvenance is null ? 0 : CpuEnergy(series, window);
        double? gpu = plan.GpuEnergyChannel is null ? 0 : GpuEnergy(series, window);
        return cpu + gpu;
    }

    /// <summary>
    /// The RAPL counter did not move over the measured iterations: a frozen or virtualised counter (a package never
    /// draws 0 W), whose 0 J must not be reported as a measurement. Null when it moved or cannot be told.
    /// </summary>
    private string? FrozenCounter(IReadOnlyDictionary<string, Sample[]> series, IReadOnlyList<IterationRecord> iterations)
    {
        if (plan.CpuEnergyChannel is not { } channel || iterations.Count == 0 || Get(series, channel) is not { } samples)
            return null;
        var span = new Window(iterations.Min(i => i.StartTicks), iterations.Max(i => i.StopTicks));
        if (span.Stop <= span.Start || WindowMath.Delta(samples, span.Start, span.Stop) is not { } delta || delta > 0)
            return null;
        double? processSeconds = Get(series, ProcessMeter.CpuSecondsChannel) is { } s ? WindowMath.Delta(s, span.Start, span.Stop) : null;
        string load = CpuLoad(series, span) is { } busy ? $"while the CPU was {busy * 100:0} % busy"
            : processSeconds is { } seconds ? $"while the benchmark process used {seconds / span.Seconds / plan.LogicalCpus * 100:0} % of the CPU"
            : "while the benchmark ran";
        return $"{plan.CpuCounterName} did not advance over {span.Seconds:0.0} s {load} (a frozen or virtualised counter)";
    }

    /// <summary>Iterations in which other processes used a material share of the machine, whose energy the CPU energy includes.</summary>
    private static string? ForeignLoadWarning(IReadOnlyList<IterationMeasurement> results)
    {
        var loaded = results.Where(r => r[SampleMetric.ForeignCpu]?.Value > ForeignLoad.MaterialPercent).ToList();
        if (loaded.Count == 0)
            return null;
        double highest = loaded.Max(r => r[SampleMetric.ForeignCpu]!.Value.Value);
        return $"other processes used up to {highest:0.0} % of all cores during the case (over {ForeignLoad.MaterialPercent:0} % in iteration(s) " +
               $"{string.Join(", ", loaded.Select(r => r.Index))} of {results.Count}); RAPL and the estimate see the whole package, so their energy " +
               $"is counted as the benchmark's (samples: {SampleMetric.ForeignCpu.Name})";
    }

    private IdlePower Idle(IReadOnlyDictionary<string, Sample[]> series, Window window)
    {
        double? global = window.Seconds > 0 ? GlobalEnergy(series, window) / window.Seconds : null;
        double? wall = plan.HasWall && Get(series, WattmeterMeter.PowerChannel) is { } w ? WindowMath.Mean(w, window.Start, window.Stop) : null;
        return new IdlePower(global, wall);
    }

    private double? CpuEnergy(IReadOnlyDictionary<string, Sample[]> series, Window window)
    {
        if (plan.CpuEnergyChannel is { } channel)
            return Get(series, channel) is { } samples ? WindowMath.Delta(samples, window.Start, window.Stop) : null;
        return plan.CpuEstimate is { } model ? EstimatedCpuEnergy(series, window, model) : null;
    }

    private double? GpuEnergy(IReadOnlyDictionary<string, Sample[]> series, Window window)
    {
        if (Get(series, plan.GpuEnergyChannel!) is not { } samples)
            return null;
        return plan.GpuEnergyProvenance == Provenance.Counter
            ? WindowMath.Delta(samples, window.Start, window.Stop)
            : WindowMath.Integral(samples, window.Start, window.Stop);
    }

    /// <summary>
    /// The power model applied to each interval between two /proc/stat samples (not to the window's mean load: the
    /// model is convex, so averaging the load first would understate bursty work), weighted by its overlap with the window.
    /// </summary>
    private static double? EstimatedCpuEnergy(IReadOnlyDictionary<string, Sample[]> series, Window window, Meters.Estimate.TdpLoadModel model)
    {
        if (Get(series, SystemMeter.BusyTicksChannel) is not { } busy || Get(series, SystemMeter.TotalTicksChannel) is not { } total
            || busy.Length != total.Length || busy.Length < 2 || busy[0].Ticks > window.Start || busy[^1].Ticks < window.Stop)
            return null;
        double joules = 0;
        for (int i = 1; i < busy.Length; i++)
        {
            long start = Math.Max(busy[i - 1].Ticks, window.Start), stop = Math.Min(busy[i].Ticks, window.Stop);
            if (stop <= start)
                continue;
            double totalTicks = total[i].Value - total[i - 1].Value;
            double load = totalTicks > 0 ? (busy[i].Value - busy[i - 1].Value) / totalTicks : 0;
            joules += model.Watts(load) * WindowMath.Seconds(stop - start);
        }
        return joules;
    }

    private static double? CpuLoad(IReadOnlyDictionary<string, Sample[]> series, Window window)
    {
        if (Get(series, SystemMeter.BusyTicksChannel) is not { } busy || Get(series, SystemMeter.TotalTicksChannel) is not { } total)
            return null;
        return WindowMath.Delta(busy, window.Start, window.Stop) is { } b && WindowMath.Delta(total, window.Start, window.Stop) is > 0 and var t
            ? b / t
            : null;
    }

    private static double? Mean(IReadOnlyDictionary<string, Sample[]> series, string channel, Window window) =>
        Get(series, channel) is { } samples ? WindowMath.Mean(samples, window.Start, window.Stop) : null;

    private static Sample[]? Get(IReadOnlyDictionary<string, Sample[]> series, string channel) =>
        series.TryGetValue(channel, out var samples) && samples.Length > 0 ? samples : null;

    private static double? Mean(double? a, double? b) => (a, b) switch
    {
        ({ } x, { } y) => (x + y) / 2,
        ({ } x, null) => x,
        (null, { } y) => y,
        _ => null,
    };

    private static string? Combine(string? a, string? b) => (a, b) switch
    {
        ({ } x, { } y) => Provenance.Weakest(x, y),
        _ => a ?? b,
    };
}
