using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Meters.Nvml;

/// <summary>
/// GPU energy and utilisation from NVML, summed (energy, memory) or averaged (utilisation) over the selected GPUs.
/// Energy comes from the total-energy counter where every selected GPU has one (Volta and newer), otherwise from
/// board power integrated over time, and the provenance says which.
/// </summary>
public sealed class NvmlMeter : IMeter
{
    public const string EnergyChannel = "nvml.energy_j";
    public const string PowerChannel = "nvml.power_w";
    public const string UtilizationChannel = "nvml.gpu_util_pct";
    public const string MemoryUtilizationChannel = "nvml.mem_util_pct";
    public const string MemoryUsedChannel = "nvml.mem_used_pct";

    private readonly NvmlLibrary _nvml;
    private readonly nint[] _devices;
    private readonly bool _hasUtilization;

    private NvmlMeter(NvmlLibrary nvml, nint[] devices, IReadOnlyList<string> names, bool hasCounter, bool hasUtilization, TimeSpan samplingPeriod)
    {
        _nvml = nvml;
        _devices = devices;
        _hasUtilization = hasUtilization;
        EnergyProvenance = hasCounter ? Provenance.Counter : Provenance.Integrated;
        SamplingPeriod = samplingPeriod;
        var channels = new List<Channel>
        {
            hasCounter ? new(EnergyChannel, SeriesKind.Counter, "J") : new(PowerChannel, SeriesKind.Gauge, "W"),
            new(MemoryUsedChannel, SeriesKind.Gauge, "%"),
        };
        if (hasUtilization)
        {
            channels.Add(new(UtilizationChannel, SeriesKind.Gauge, "%"));
            channels.Add(new(MemoryUtilizationChannel, SeriesKind.Gauge, "%"));
        }
        Channels = channels;
        Description = $"NVML {string.Join(", ", names)}, energy from the {(hasCounter ? "total-energy counter" : "power readings, integrated")}" +
                      (hasUtilization ? "" : "; utilisation not supported (MIG?)");
    }

    public string Name => "nvml";
    public string Description { get; }
    public IReadOnlyList<Channel> Channels { get; }
    public TimeSpan SamplingPeriod { get; }

    /// <summary>The energy counter and power readings refresh about every 100 ms.</summary>
    public TimeSpan UpdatePeriod => TimeSpan.FromMilliseconds(100);

    /// <summary><see cref="Provenance.Counter"/> or <see cref="Provenance.Integrated"/>.</summary>
    public string EnergyProvenance { get; }

    /// <summary>Opens NVML at <paramref name="libraryPath"/> and selects every GPU, or only <paramref name="gpuIndex"/>.</summary>
    public static NvmlMeter Open(string libraryPath, int? gpuIndex, TimeSpan samplingPeriod)
    {
        var nvml = NvmlLibrary.Open(libraryPath);
        try
        {
            Check(nvml, nvml.GetDeviceCount(out uint count), "nvmlDeviceGetCount");
            if (count == 0)
                throw new MeterException("NVML: no NVIDIA GPU found");
            if (gpuIndex is { } index && (index < 0 || index >= count))
                throw new MeterException($"NVML: GPU index {index} does not exist (this machine has {count} GPU(s): 0..{count - 1})");
            var indices = gpuIndex is { } chosen ? [(uint)chosen] : Enumerable.Range(0, (int)count).Select(i => (uint)i).ToArray();

            var devices = new List<nint>();
            var names = new List<string>();
            bool hasCounter = true, hasUtilization = true;
            foreach (uint i in indices)
            {
                Check(nvml, nvml.GetHandleByIndex(i, out nint device), $"GPU {i}: nvmlDeviceGetHandleByIndex");
                names.Add(nvml.GetName(device, out string name) == NvmlLibrary.Success ? $"GPU {i} {name}" : $"GPU {i}");
                int energy = nvml.GetTotalEnergyConsumption(device, out _);
                if (energy == NvmlLibrary.NotSupported)
                    hasCounter = false;
                else
                    Check(nvml, energy, $"GPU {i}: nvmlDeviceGetTotalEnergyConsumption");
                int power = nvml.GetPowerUsage(device, out _);
                if (!hasCounter)
                    Check(nvml, power, $"GPU {i}: no energy counter, and nvmlDeviceGetPowerUsage");
                Check(nvml, nvml.GetMemoryInfo(device, out _), $"GPU {i}: nvmlDeviceGetMemoryInfo");
                int utilization = nvml.GetUtilizationRates(device, out _);
                if (utilization == NvmlLibrary.NotSupported)
                    hasUtilization = false;
                else
                    Check(nvml, utilization, $"GPU {i}: nvmlDeviceGetUtilizationRates");
                devices.Add(device);
            }
            return new NvmlMeter(nvml, devices.ToArray(), names, hasCounter, hasUtilization, samplingPeriod);
        }
        catch
        {
            nvml.Dispose();
            throw;
        }
    }

    public void Read(Span<double> values)
    {
        double energyOrPower = 0, used = 0, total = 0, gpu = 0, memory = 0;
        foreach (nint device in _devices)
        {
            if (EnergyProvenance == Provenance.Counter)
            {
                Check(_nvml, _nvml.GetTotalEnergyConsumption(device, out ulong millijoules), "nvmlDeviceGetTotalEnergyConsumption");
                energyOrPower += millijoules / 1000.0;
            }
            else
            {
                Check(_nvml, _nvml.GetPowerUsage(device, out uint milliwatts), "nvmlDeviceGetPowerUsage");
                energyOrPower += milliwatts / 1000.0;
            }
            Check(_nvml, _nvml.GetMemoryInfo(device, out var info), "nvmlDeviceGetMemoryInfo");
            used += info.Used;
            total += info.Total;
            if (_hasUtilization)
            {
                Check(_nvml, _nvml.GetUtilizationRates(device, out var utilization), "nvmlDeviceGetUtilizationRates");
                gpu += utilization.Gpu;
                memory += utilization.Memory;
            }
        }
        values[0] = energyOrPower;
        values[1] = total > 0 ? used / total * 100 : double.NaN;
        if (_hasUtilization)
        {
            values[2] = gpu / _devices.Length;
            values[3] = memory / _devices.Length;
        }
    }

    private static void Check(NvmlLibrary nvml, int status, string what)
    {
        if (status == NvmlLibrary.Success)
            return;
        string hint = status == NvmlLibrary.NoPermission ? " (run as a user allowed to query the GPU)" : "";
        throw new MeterException($"NVML: {what}: {nvml.Describe(status)}{hint}");
    }

    public void Dispose() => _nvml.Dispose();
}
