using EnergyBench.Diagnosers.Measurement;
using EnergyBench.Diagnosers.Meters.Proc;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>The share of the machine other processes use, from counter differences, and the host's CPU time it needs.</summary>
public class ForeignLoadTests
{
    [Fact]
    public void The_share_is_system_busy_time_less_the_suite_s_own_over_all_cores()
    {
        // 2 s on 2 cores at 100 ticks/s: 400 ticks of capacity, 300 busy; the suite used 2.4 s of the 3 busy seconds.
        Assert.Equal(15.0, ForeignLoad.Percent(busyTicks: 300, totalTicks: 400, ownCpuSeconds: 2.4, ticksPerSecond: 100)!.Value, 9);
    }

    [Fact]
    public void Tick_rounding_that_puts_the_suite_above_the_machine_is_no_foreign_load_and_an_empty_window_has_no_share()
    {
        Assert.Equal(0, ForeignLoad.Percent(busyTicks: 100, totalTicks: 400, ownCpuSeconds: 1.02, ticksPerSecond: 100));
        Assert.Null(ForeignLoad.Percent(busyTicks: 0, totalTicks: 0, ownCpuSeconds: 0, ticksPerSecond: 100));
    }

    [Fact]
    public void The_system_meter_reads_the_host_s_cpu_time_with_the_machine_s()
    {
        using var proc = new TempDirectory();
        File.WriteAllText(proc.File("stat"), "cpu  100 10 50 800 20 5 5 10 30 0\n");
        File.WriteAllText(proc.File("meminfo"), "MemTotal: 1000 kB\nMemAvailable: 250 kB\n");
        Directory.CreateDirectory(proc.File("42"));
        File.WriteAllText(proc.File("42/stat"), "42 (dotnet) S 1 42 42 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 8 0 1000 0 0\n");
        using var meter = SystemMeter.Open(proc.Path, TimeSpan.FromMilliseconds(100), hostPid: 42);
        var values = new double[meter.Channels.Count];
        meter.Read(values);
        int host = meter.Channels.Select(c => c.Name).ToList().IndexOf(SystemMeter.HostCpuSecondsChannel);
        Assert.Equal(300 / ProcFiles.ClockTicksPerSecond, values[host], 9);
    }
}
