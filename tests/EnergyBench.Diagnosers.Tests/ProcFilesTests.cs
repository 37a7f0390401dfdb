using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Proc;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>/proc parsing on a fake tree with the awkward cases of proc(5).</summary>
public class ProcFilesTests
{
    [Fact]
    public void Cpu_ticks_count_guest_time_once()
    {
        using var proc = new TempDirectory();
        // user nice system idle iowait irq softirq steal guest guest_nice
        File.WriteAllText(proc.File("stat"), "cpu  100 10 50 800 20 5 5 10 30 0\ncpu0 1 2 3 4 5 6 7 8 9 0\n");
        var (busy, total) = ProcFiles.CpuTicks(proc.Path);
        Assert.Equal((100 - 30) + 10 + 50 + 5 + 5, busy);
        Assert.Equal(busy + 800 + 20 + 10 + 30, total);
    }

    [Fact]
    public void Ram_usage_uses_mem_available()
    {
        using var proc = new TempDirectory();
        File.WriteAllText(proc.File("meminfo"), "MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    4000000 kB\n");
        Assert.Equal(75, ProcFiles.RamUsedPercent(proc.Path), 9);
    }

    [Fact]
    public void A_process_name_with_spaces_and_parentheses_does_not_shift_the_fields()
    {
        using var proc = new TempDirectory();
        Directory.CreateDirectory(proc.File("42"));
        // pid (comm) state ppid ... utime(14)=250 stime(15)=50
        File.WriteAllText(proc.File("42/stat"), "42 (my (odd) name) S 1 42 42 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 8 0 1000 0 0\n");
        File.WriteAllText(proc.File("42/status"), "Name:\tdotnet\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n");
        Assert.Equal(300 / ProcFiles.ClockTicksPerSecond, ProcFiles.ProcessCpuSeconds(proc.Path, 42), 9);
        Assert.Equal((100.0 * 1024 * 1024, 200.0 * 1024 * 1024), ProcFiles.ProcessMemory(proc.Path, 42));
    }

    [Fact]
    public void A_process_that_is_gone_is_a_meter_error_naming_the_file()
    {
        using var proc = new TempDirectory();
        var e = Assert.Throws<MeterException>(() => ProcFiles.ProcessCpuSeconds(proc.Path, 7));
        Assert.Contains(Path.Combine(proc.Path, "7", "stat"), e.Message);
    }
}
