using EnergyBench.Diagnosers.Meters.Proc;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Measurement;

/// <summary>
/// CPU use of processes other than the suite's own (the benchmark process and the host), in % of all cores: the
/// machine's busy time from /proc/stat less the CPU time of those two, over the capacity of all cores in the same
/// window. RAPL and the TDP estimate both see the whole package, so such load is measured as the benchmark's energy.
/// </summary>
public static class ForeignLoad
{
    /// <summary>Above this share of the machine, other processes' work is material to the energy measured.</summary>
    public const double MaterialPercent = 5;

    /// <summary>
    /// The foreign share from counter differences over one window: system busy and total ticks (USER_HZ) and the
    /// CPU seconds of the suite's own processes. Clock-tick rounding can make the difference slightly negative; that is no foreign load.
    /// </summary>
    public static double? Percent(double busyTicks, double totalTicks, double ownCpuSeconds, double ticksPerSecond)
    {
        if (totalTicks <= 0 || ticksPerSecond <= 0)
            return null;
        double capacitySeconds = totalTicks / ticksPerSecond;
        double foreignSeconds = busyTicks / ticksPerSecond - ownCpuSeconds;
        return Math.Clamp(foreignSeconds / capacitySeconds, 0, 1) * 100;
    }

    /// <summary>
    /// The foreign share over a window of the sampled series; with <paramref name="benchmarkRunning"/> the benchmark
    /// process's CPU time is the suite's too (false for idle windows, when it is not running). Null when a series
    /// does not cover the window.
    /// </summary>
    public static double? Percent(IReadOnlyDictionary<string, Sample[]> series, Window window, bool benchmarkRunning)
    {
        double? Delta(string channel) =>
            series.TryGetValue(channel, out var samples) ? WindowMath.Delta(samples, window.Start, window.Stop) : null;
        if (Delta(SystemMeter.BusyTicksChannel) is not { } busy || Delta(SystemMeter.TotalTicksChannel) is not { } total
            || Delta(SystemMeter.HostCpuSecondsChannel) is not { } host)
            return null;
        double benchmark = 0;
        if (benchmarkRunning)
        {
            if (Delta(ProcessMeter.CpuSecondsChannel) is not { } seconds)
                return null;
            benchmark = seconds;
        }
        return Percent(busy, total, host + benchmark, ProcFiles.ClockTicksPerSecond);
    }
}
