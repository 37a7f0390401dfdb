using EnergyBench.Diagnosers.Meters.Estimate;
using EnergyBench.Diagnosers.Meters.Nvml;
using EnergyBench.Diagnosers.Meters.Proc;
using EnergyBench.Diagnosers.Meters.Rapl;
using EnergyBench.Diagnosers.Meters.Wattmeter;

namespace EnergyBench.Diagnosers.Meters;

/// <summary>What one meter does on this machine: its role, whether it works, and what it reads or why it cannot.</summary>
public sealed record MeterStatus(string Role, string Meter, bool Available, string Detail)
{
    public override string ToString() => $"{Role}: {(Available ? Detail : "n/a, " + Detail)}";
}

/// <summary>
/// Every meter the options allow that works on this machine, opened once, and a status line for each role (CPU
/// energy, GPU, wall, system usage) saying what is used or why it is n/a.
/// </summary>
public sealed class MeterSet : IDisposable
{
    public const string CpuEnergyRole = "CPU energy";
    public const string GpuRole = "GPU energy and usage";
    public const string WallRole = "Wall energy";
    public const string SystemRole = "CPU and RAM usage";

    private MeterSet(MeterOptions options) => Options = options;

    public MeterOptions Options { get; }
    public RaplMeter? Rapl { get; private set; }
    public NvmlMeter? Nvml { get; private set; }
    public WattmeterMeter? Wattmeter { get; private set; }
    public SystemMeter? System { get; private set; }

    /// <summary>The CPU power model, used only when no CPU energy counter can be read.</summary>
    public TdpLoadModel? Estimate { get; private set; }

    public IReadOnlyList<MeterStatus> Statuses { get; private set; } = [];

    public IEnumerable<IMeter> Meters => new IMeter?[] { Rapl, Nvml, Wattmeter, System }.OfType<IMeter>();

    public static MeterSet Open(MeterOptions options, string procRoot = ProcFiles.DefaultRoot)
    {
        var set = new MeterSet(options);
        var statuses = new List<MeterStatus>();
        T? Try<T>(string role, string meter, Func<T> open, Func<T, string> describe) where T : class
        {
            try
            {
                var opened = open();
                statuses.Add(new MeterStatus(role, meter, true, describe(opened)));
                return opened;
            }
            catch (MeterException e)
            {
                statuses.Add(new MeterStatus(role, meter, false, e.Message));
                return null;
            }
        }

        set.System = Try(SystemRole, "proc", () => SystemMeter.Open(procRoot, options.SamplePeriod), m => m.Description);
        set.Rapl = Try(CpuEnergyRole, "rapl", () => RaplMeter.Open(options.RaplRoot, options.SamplePeriod), m => $"{m.Description} (counter)");
        if (set.Rapl is null && set.System is not null)
        {
            set.Estimate = TdpLoadModel.Create(options.TdpWatts, Environment.ProcessorCount);
            statuses.Add(new MeterStatus(CpuEnergyRole, "estimate", true, $"estimated from system CPU load: {set.Estimate.Basis}"));
        }
        set.Nvml = Try(GpuRole, "nvml", () => NvmlMeter.Open(options.NvmlLibrary, options.GpuIndex, options.SamplePeriod),
            m => $"{m.Description} ({m.EnergyProvenance})");
        if (options.Wattmeter is null)
            statuses.Add(new MeterStatus(WallRole, "wattmeter", false, "no wattmeter configured (--wattmeter netio:http://HOST/netio.json)"));
        else
            set.Wattmeter = Try(WallRole, "wattmeter", () => WattmeterMeter.Open(
                WattmeterAddress.Parse(options.Wattmeter, options.WattmeterOutputs), options.WattmeterCredential,
                MeterOptions.WattmeterSamplePeriod, MeterOptions.WattmeterTimeout), m => $"{m.Description} (wall)");
        set.Statuses = statuses;
        return set;
    }

    public void Dispose()
    {
        foreach (var meter in Meters)
            meter.Dispose();
    }
}
