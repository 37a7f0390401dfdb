using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Meters.Proc;

/// <summary>CPU time and resident memory of one process (the benchmark process) from /proc/PID.</summary>
public sealed class ProcessMeter : IMeter
{
    public const string CpuSecondsChannel = "process.cpu_s";
    public const string RssChannel = "process.rss_bytes";
    public const string PeakRssChannel = "process.peak_rss_bytes";
    public const string MeterName = "process";

    private readonly string _root;
    private readonly int _pid;

    public ProcessMeter(string root, int pid, TimeSpan samplingPeriod)
    {
        _root = root;
        _pid = pid;
        SamplingPeriod = samplingPeriod;
    }

    public string Name => MeterName;
    public string Description => $"CPU time and RSS of process {_pid} from {_root}/{_pid}";
    public IReadOnlyList<Channel> Channels { get; } =
    [
        new(CpuSecondsChannel, SeriesKind.Counter, "s"),
        new(RssChannel, SeriesKind.Gauge, "B"),
        new(PeakRssChannel, SeriesKind.Gauge, "B"),
    ];
    public TimeSpan SamplingPeriod { get; }
    public TimeSpan UpdatePeriod => TimeSpan.FromSeconds(1 / ProcFiles.ClockTicksPerSecond);

    public void Read(Span<double> values)
    {
        values[0] = ProcFiles.ProcessCpuSeconds(_root, _pid);
        (values[1], values[2]) = ProcFiles.ProcessMemory(_root, _pid);
    }

    public void Dispose() { }
}
