using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Meters.Proc;

/// <summary>Whole-machine CPU time (busy and total ticks, differenced into a usage %) and RAM usage % from /proc.</summary>
public sealed class SystemMeter : IMeter
{
    public const string BusyTicksChannel = "proc.cpu_busy_ticks";
    public const string TotalTicksChannel = "proc.cpu_total_ticks";
    public const string RamChannel = "proc.ram_used_pct";

    private readonly string _root;

    private SystemMeter(string root, TimeSpan samplingPeriod)
    {
        _root = root;
        SamplingPeriod = samplingPeriod;
    }

    public string Name => "proc";
    public string Description => $"CPU and RAM usage from {_root}/stat and {_root}/meminfo";
    public IReadOnlyList<Channel> Channels { get; } =
    [
        new(BusyTicksChannel, SeriesKind.Counter, "ticks"),
        new(TotalTicksChannel, SeriesKind.Counter, "ticks"),
        new(RamChannel, SeriesKind.Gauge, "%"),
    ];
    public TimeSpan SamplingPeriod { get; }

    /// <summary>CPU times advance in clock ticks (USER_HZ, normally 100 per second).</summary>
    public TimeSpan UpdatePeriod => TimeSpan.FromSeconds(1 / ProcFiles.ClockTicksPerSecond);

    public static SystemMeter Open(string root, TimeSpan samplingPeriod)
    {
        var meter = new SystemMeter(root, samplingPeriod);
        meter.Read(stackalloc double[3]);
        return meter;
    }

    public void Read(Span<double> values)
    {
        (values[0], values[1]) = ProcFiles.CpuTicks(_root);
        values[2] = ProcFiles.RamUsedPercent(_root);
    }

    public void Dispose() { }
}
