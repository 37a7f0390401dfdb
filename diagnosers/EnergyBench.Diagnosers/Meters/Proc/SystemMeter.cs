using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Meters.Proc;

/// <summary>
/// Whole-machine CPU time (busy and total ticks, differenced into a usage %) and RAM usage % from /proc, with the CPU
/// time of the host process (this one, which samples the meters) read at the same instant, so that what other
/// processes use can be told apart from the suite's own work.
/// </summary>
public sealed class SystemMeter : IMeter
{
    public const string BusyTicksChannel = "proc.cpu_busy_ticks";
    public const string TotalTicksChannel = "proc.cpu_total_ticks";
    public const string RamChannel = "proc.ram_used_pct";
    public const string HostCpuSecondsChannel = "proc.host_cpu_s";

    private readonly string _root;
    private readonly int _hostPid;

    private SystemMeter(string root, int hostPid, TimeSpan samplingPeriod)
    {
        _root = root;
        _hostPid = hostPid;
        SamplingPeriod = samplingPeriod;
    }

    public string Name => "proc";
    public string Description => $"CPU and RAM usage from {_root}/stat and {_root}/meminfo, the host's CPU time from {_root}/{_hostPid}/stat";
    public IReadOnlyList<Channel> Channels { get; } =
    [
        new(BusyTicksChannel, SeriesKind.Counter, "ticks"),
        new(TotalTicksChannel, SeriesKind.Counter, "ticks"),
        new(RamChannel, SeriesKind.Gauge, "%"),
        new(HostCpuSecondsChannel, SeriesKind.Counter, "s"),
    ];
    public TimeSpan SamplingPeriod { get; }

    /// <summary>CPU times advance in clock ticks (USER_HZ, normally 100 per second).</summary>
    public TimeSpan UpdatePeriod => TimeSpan.FromSeconds(1 / ProcFiles.ClockTicksPerSecond);

    /// <param name="hostPid">The host process; this process unless a test says otherwise.</param>
    public static SystemMeter Open(string root, TimeSpan samplingPeriod, int? hostPid = null)
    {
        var meter = new SystemMeter(root, hostPid ?? Environment.ProcessId, samplingPeriod);
        meter.Read(stackalloc double[4]);
        return meter;
    }

    public void Read(Span<double> values)
    {
        (values[0], values[1]) = ProcFiles.CpuTicks(_root);
        values[2] = ProcFiles.RamUsedPercent(_root);
        values[3] = ProcFiles.ProcessCpuSeconds(_root, _hostPid);
    }

    public void Dispose() { }
}
