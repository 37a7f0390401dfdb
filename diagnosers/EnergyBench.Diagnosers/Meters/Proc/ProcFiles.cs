using System.Globalization;
using System.Runtime.InteropServices;

namespace EnergyBench.Diagnosers.Meters.Proc;

/// <summary>Parsing of the few /proc files the suite reads (proc(5)); the root is a parameter so tests can use a fake tree.</summary>
public static partial class ProcFiles
{
    public const string DefaultRoot = "/proc";
    private const int ClockTicksName = 2; // _SC_CLK_TCK on Linux

    /// <summary>Kernel clock ticks per second (USER_HZ), the unit of /proc/stat and /proc/PID/stat times.</summary>
    public static double ClockTicksPerSecond { get; } = OperatingSystem.IsLinux() && SysConf(ClockTicksName) is > 0 and var ticks ? ticks : 100;

    /// <summary>Busy and total ticks of all CPUs from the first line of /proc/stat (the sysinfo/htop formula).</summary>
    public static (double Busy, double Total) CpuTicks(string root)
    {
        string path = Path.Combine(root, "stat");
        string line = MeterFiles.ReadText(path).Split('\n', 2)[0];
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8 || fields[0] != "cpu")
            throw new MeterException($"{path}: first line is not the 'cpu' summary line");
        double Field(int i) => i < fields.Length ? Number(fields[i], path) : 0;
        double user = Field(1), nice = Field(2), system = Field(3), idle = Field(4), iowait = Field(5), irq = Field(6),
            softirq = Field(7), steal = Field(8), guest = Field(9), guestNice = Field(10);
        // guest time is already counted in user (and guest_nice in nice).
        double busy = (user - guest) + (nice - guestNice) + system + irq + softirq;
        return (busy, busy + idle + iowait + steal + guest + guestNice);
    }

    /// <summary>Used RAM in percent: (MemTotal - MemAvailable) / MemTotal.</summary>
    public static double RamUsedPercent(string root)
    {
        string path = Path.Combine(root, "meminfo");
        var values = KeyValues(MeterFiles.ReadText(path), path);
        if (!values.TryGetValue("MemTotal", out double total) || total <= 0)
            throw new MeterException($"{path}: no MemTotal");
        double available = values.TryGetValue("MemAvailable", out double a)
            ? a
            : values.GetValueOrDefault("MemFree") + values.GetValueOrDefault("Buffers") + values.GetValueOrDefault("Cached");
        return (total - available) / total * 100;
    }

    /// <summary>CPU seconds (user + system) a process has used, from /proc/PID/stat fields 14 and 15.</summary>
    public static double ProcessCpuSeconds(string root, int pid)
    {
        string path = Path.Combine(root, pid.ToString(CultureInfo.InvariantCulture), "stat");
        string text = MeterFiles.ReadText(path);
        // The command name (field 2) may hold spaces and parentheses; the fields after it start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13)
            throw new MeterException($"{path}: too few fields");
        return (Number(fields[11], path) + Number(fields[12], path)) / ClockTicksPerSecond;
    }

    /// <summary>Resident set size and its peak (VmRSS, VmHWM) of a process, in bytes.</summary>
    public static (double Rss, double PeakRss) ProcessMemory(string root, int pid)
    {
        string path = Path.Combine(root, pid.ToString(CultureInfo.InvariantCulture), "status");
        var values = KeyValues(MeterFiles.ReadText(path), path);
        return values.TryGetValue("VmRSS", out double rss) && values.TryGetValue("VmHWM", out double peak)
            ? (rss, peak)
            : throw new MeterException($"{path}: no VmRSS/VmHWM");
    }

    /// <summary>"Key:   123 kB" lines; kB in /proc means KiB, returned in bytes.</summary>
    private static Dictionary<string, double> KeyValues(string text, string path)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var parts = line[(colon + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                continue;
            values[line[..colon]] = parts.Length > 1 && parts[1] == "kB" ? value * 1024 : value;
        }
        return values;
    }

    private static double Number(string text, string path) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new MeterException($"{path}: '{text}' is not a number");

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
