using System.Globalization;

namespace EnergyBench.Diagnosers.RunEnvironment;

/// <summary>
/// What Linux says about the CPU, its frequency policy, its RAPL power limits, memory and the kernel, read from
/// <c>/proc</c> and <c>/sys</c> under <paramref name="root"/> (<c>/</c> on a real machine; a fake tree in tests).
/// </summary>
public sealed class LinuxFacts(string root = "/")
{
    private const string Cpu = "cpu", Memory = "memory", Os = "os", Rapl = "rapl";

    public IEnumerable<EnvironmentFact> Read()
    {
        var cpuinfo = Lines("proc/cpuinfo");
        yield return EnvironmentFact.Of(Cpu, "model", Field(cpuinfo, "model name") ?? Field(cpuinfo, "Model"), "/proc/cpuinfo has no model name");
        yield return EnvironmentFact.Of(Cpu, "microcode", Field(cpuinfo, "microcode"), "/proc/cpuinfo has no microcode line (a VM often hides it)");
        yield return EnvironmentFact.Of(Cpu, "logical cpus", cpuinfo.Count(l => l.StartsWith("processor", StringComparison.Ordinal)) is > 0 and var n
            ? n.ToString(CultureInfo.InvariantCulture) : null, "/proc/cpuinfo lists no processor");
        yield return EnvironmentFact.Of(Cpu, "governor", Distinct("sys/devices/system/cpu", "cpufreq/scaling_governor"),
            "no cpufreq scaling_governor (no cpufreq driver, or a VM)");
        yield return EnvironmentFact.Of(Cpu, "scaling driver", Distinct("sys/devices/system/cpu", "cpufreq/scaling_driver"), "no cpufreq scaling_driver");
        yield return EnvironmentFact.Of(Cpu, "boost", Boost(), "neither cpufreq/boost nor intel_pstate/no_turbo exists");
        yield return EnvironmentFact.Of(Cpu, "max frequency MHz", Text("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq") is { } khz
            && long.TryParse(khz, out long k) ? (k / 1000).ToString(CultureInfo.InvariantCulture) : null, "no cpufreq cpuinfo_max_freq");
        foreach (var fact in RaplLimits())
            yield return fact;
        yield return EnvironmentFact.Of(Memory, "total", Field(Lines("proc/meminfo"), "MemTotal"), "/proc/meminfo has no MemTotal");
        yield return EnvironmentFact.Of(Memory, "speed", DmiMemory.Describe(Path.Combine(root, "sys/firmware/dmi/entries")),
            "the DMI memory tables (/sys/firmware/dmi/entries/17-*/raw) are not readable (root only) or list no module");
        yield return EnvironmentFact.Of(Os, "kernel", Text("proc/sys/kernel/osrelease"), "/proc/sys/kernel/osrelease not readable");
        yield return EnvironmentFact.Of(Os, "distribution", Field(Lines("etc/os-release"), "PRETTY_NAME", '=')?.Trim('"'), "/etc/os-release not readable");
    }

    /// <summary>"on"/"off" from cpufreq/boost (AMD, acpi-cpufreq) or intel_pstate/no_turbo (inverted).</summary>
    private string? Boost()
    {
        if (Text("sys/devices/system/cpu/cpufreq/boost") is { } boost)
            return boost == "1" ? "on" : "off";
        if (Text("sys/devices/system/cpu/intel_pstate/no_turbo") is { } noTurbo)
            return noTurbo == "1" ? "off" : "on";
        return null;
    }

    /// <summary>Every package zone's power limits (<c>constraint_N_name</c>, power limit in W, time window in s).</summary>
    private IEnumerable<EnvironmentFact> RaplLimits()
    {
        string powercap = Path.Combine(root, "sys/class/powercap");
        var zones = Directory.Exists(powercap)
            ? Directory.EnumerateDirectories(powercap).Where(z => Read(Path.Combine(z, "name"))?.StartsWith("package", StringComparison.Ordinal) == true)
                .Where(z => !Path.GetFileName(z).Contains("mmio", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (zones.Count == 0)
        {
            yield return new EnvironmentFact(Rapl, "power limits", null, "no RAPL package zone under /sys/class/powercap");
            yield break;
        }
        foreach (string zone in zones)
        {
            string name = Read(Path.Combine(zone, "name"))!;
            for (int i = 0; File.Exists(Path.Combine(zone, $"constraint_{i}_power_limit_uw")); i++)
            {
                string label = Read(Path.Combine(zone, $"constraint_{i}_name")) ?? $"constraint {i}";
                string? limit = Read(Path.Combine(zone, $"constraint_{i}_power_limit_uw")) is { } uw && double.TryParse(uw, CultureInfo.InvariantCulture, out double w)
                    ? $"{w / 1e6:0.###} W" : null;
                string window = Read(Path.Combine(zone, $"constraint_{i}_time_window_us")) is { } us && double.TryParse(us, CultureInfo.InvariantCulture, out double s)
                    ? $" over {s / 1e6:0.######} s" : "";
                yield return EnvironmentFact.Of(Rapl, $"{name} {label}", limit is null ? null : limit + window, "power limit not readable (root only on recent kernels)");
            }
        }
    }

    /// <summary>The distinct values of a file in every <c>cpuN</c> folder, e.g. "performance" or "performance, powersave".</summary>
    private string? Distinct(string cpus, string file)
    {
        string folder = Path.Combine(root, cpus);
        if (!Directory.Exists(folder))
            return null;
        var values = Directory.EnumerateDirectories(folder, "cpu*")
            .Where(d => Path.GetFileName(d)[3..].All(char.IsAsciiDigit) && Path.GetFileName(d).Length > 3)
            .Select(d => Read(Path.Combine(d, file))).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        return values.Count > 0 ? string.Join(", ", values) : null;
    }

    private static string? Field(IReadOnlyList<string> lines, string key, char separator = ':') =>
        lines.Select(l => l.Split(separator, 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim() == key)?[1].Trim();

    private IReadOnlyList<string> Lines(string relative) => Read(Path.Combine(root, relative))?.Split('\n') ?? [];

    private string? Text(string relative) => Read(Path.Combine(root, relative));

    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
