using System.Globalization;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Nvml;

namespace EnergyBench.Diagnosers.RunEnvironment;

/// <summary>Each NVIDIA GPU's model, power limits, clocks and persistence mode, and the driver's and CUDA's versions, from NVML.</summary>
public static class GpuFacts
{
    private const string Gpu = "gpu";

    public static IEnumerable<EnvironmentFact> Read(string libraryPath)
    {
        NvmlLibrary nvml;
        try
        {
            nvml = NvmlLibrary.Open(libraryPath);
        }
        catch (MeterException e)
        {
            return [new EnvironmentFact(Gpu, "gpus", null, e.Message)];
        }
        using (nvml)
            return Describe(nvml).ToList();
    }

    private static IEnumerable<EnvironmentFact> Describe(NvmlLibrary nvml)
    {
        string Reason(int status) => "NVML: " + nvml.Describe(status);
        EnvironmentFact Fact(string name, int status, Func<string> value) =>
            status == NvmlLibrary.Success ? new(Gpu, name, value()) : new(Gpu, name, null, Reason(status));

        int driver = nvml.GetDriverVersion(out string version);
        yield return Fact("driver", driver, () => version);
        int cuda = nvml.GetCudaDriverVersion(out int cudaVersion);
        yield return Fact("cuda (driver)", cuda, () => $"{cudaVersion / 1000}.{cudaVersion % 1000 / 10}");
        int count = nvml.GetDeviceCount(out uint devices);
        if (count != NvmlLibrary.Success)
        {
            yield return new EnvironmentFact(Gpu, "gpus", null, Reason(count));
            yield break;
        }
        yield return new EnvironmentFact(Gpu, "gpus", devices.ToString(CultureInfo.InvariantCulture));
        for (uint i = 0; i < devices; i++)
        {
            if (nvml.GetHandleByIndex(i, out nint device) is var handle and not NvmlLibrary.Success)
            {
                yield return new EnvironmentFact(Gpu, $"{i}", null, Reason(handle));
                continue;
            }
            yield return Fact($"{i} model", nvml.GetName(device, out string name), () => name);
            yield return Fact($"{i} power limit", nvml.GetPowerLimit(device, enforced: false, out uint limit), () => Watts(limit));
            yield return Fact($"{i} enforced power limit", nvml.GetPowerLimit(device, enforced: true, out uint enforced), () => Watts(enforced));
            yield return Fact($"{i} persistence mode", nvml.GetPersistenceMode(device, out bool persistent), () => persistent ? "on" : "off");
            foreach (var clock in new[] { NvmlLibrary.Clock.Sm, NvmlLibrary.Clock.Memory })
            {
                int now = nvml.GetClock(device, clock, maximum: false, out uint mhz);
                int max = nvml.GetClock(device, clock, maximum: true, out uint maxMhz);
                yield return Fact($"{i} {clock.ToString().ToLowerInvariant()} clock", now, () =>
                    string.Create(CultureInfo.InvariantCulture, $"{mhz} MHz{(max == NvmlLibrary.Success ? $" (max {maxMhz} MHz)" : "")}"));
            }
        }
    }

    private static string Watts(uint milliwatts) => (milliwatts / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + " W";
}
