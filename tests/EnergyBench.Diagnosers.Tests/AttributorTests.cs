using System.Diagnostics;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Estimate;
using EnergyBench.Diagnosers.Meters.Nvml;
using EnergyBench.Diagnosers.Meters.Proc;
using EnergyBench.Diagnosers.Meters.Rapl;
using EnergyBench.Diagnosers.Meters.Wattmeter;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>Attribution on synthetic timelines whose right answers are known in closed form.</summary>
public class AttributorTests
{
    private static long T(double seconds) => (long)(seconds * Stopwatch.Frequency);

    /// <summary>A series sampled every 0.1 s from 0 to 20 s.</summary>
    private static Sample[] Sampled(Func<double, double> value) =>
        Enumerable.Range(0, 201).Select(i => new Sample(T(i / 10.0), value(i / 10.0))).ToArray();

    private static MeasurementPlan Plan(string? cpuChannel = RaplMeter.EnergyChannel, TdpLoadModel? estimate = null,
        string? gpuChannel = null, string gpuProvenance = Provenance.Counter, bool wall = false) =>
        new(cpuChannel, estimate, gpuChannel, gpuProvenance, HasGpuUtilization: gpuChannel is not null, HasWall: wall,
            HasSystem: false, LogicalCpus: 2, NotAvailable: new Dictionary<string, string>());

    private static IterationRecord Iteration(int index, double start, double stop, long tokens = 100) =>
        new(IterationStage.Actual, index, tokens, T(start), T(stop));

    [Fact]
    public void Counter_energy_is_attributed_to_each_iteration_and_net_energy_removes_idle_power()
    {
        // CPU draws 10 W idle (0-5 s and 15-20 s) and 30 W while the iterations run (5-15 s).
        double Energy(double t) => 10 * t + 20 * Math.Clamp(t - 5, 0, 10);
        var series = new Dictionary<string, Sample[]> { [RaplMeter.EnergyChannel] = Sampled(Energy) };
        IterationRecord[] iterations = [Iteration(1, 5, 8), Iteration(2, 8, 11), Iteration(3, 11, 14.5, tokens: 50)];

        var result = new Attributor(Plan()).Compute(series, iterations, [3.0, 3.0, 3.5],
            idleBefore: new Window(T(0), T(5)), idleAfter: new Window(T(15), T(20)), bracket: new Window(T(5), T(15)));

        Assert.Equal(3, result.Iterations.Count);
        Assert.Equal(90, result.Iterations[0][SampleMetric.CpuEnergy]!.Value.Value, 6);
        Assert.Equal(Provenance.Counter, result.Iterations[0][SampleMetric.CpuEnergy]!.Value.Source);
        Assert.Equal(90, result.Iterations[1][SampleMetric.GlobalEnergy]!.Value.Value, 6);
        Assert.Equal(105, result.Iterations[2][SampleMetric.CpuEnergy]!.Value.Value, 6);
        Assert.Equal(60, result.Iterations[0][SampleMetric.NetEnergy]!.Value.Value, 6); // 90 J - 10 W x 3 s
        Assert.Equal(0.9, result.Iterations[0][SampleMetric.EnergyPerToken]!.Value.Value, 6);
        Assert.Equal(2.1, result.Iterations[2][SampleMetric.EnergyPerToken]!.Value.Value, 6);
        Assert.Equal(30, result.Iterations[1][SampleMetric.Power]!.Value.Value, 6);
        Assert.Equal(10, result.IdleBefore!.GlobalWatts!.Value, 6);
        Assert.Equal(300, result.BracketGlobalEnergy!.Value, 6);
        Assert.Empty(result.Warnings);

        // Per operation over the three iterations: (90 + 90 + 105) / 3; J/token = 285 / 250.
        Assert.Equal(95, result.Summary(SampleMetric.CpuEnergy, operations: 3)!.Value, 6);
        Assert.Equal(285 / 250.0, result.Summary(SampleMetric.EnergyPerToken, 3)!.Value, 6);
        Assert.True(result.Iterations.Sum(i => i[SampleMetric.GlobalEnergy]!.Value.Value) <= result.BracketGlobalEnergy);
        Assert.Null(result.Iterations[0][SampleMetric.GpuEnergy]);
    }

    [Fact]
    public void Gpu_power_without_a_counter_is_integrated_and_global_is_labelled_by_its_weakest_part()
    {
        var series = new Dictionary<string, Sample[]>
        {
            [RaplMeter.EnergyChannel] = Sampled(t => 20 * t),
            [NvmlMeter.PowerChannel] = Sampled(t => 100 + 10 * t), // ramping GPU power
            [NvmlMeter.MemoryUsedChannel] = Sampled(_ => 40),
            [NvmlMeter.UtilizationChannel] = Sampled(t => t < 10 ? 0 : 100),
            [NvmlMeter.MemoryUtilizationChannel] = Sampled(_ => 5),
        };
        var plan = Plan(gpuChannel: NvmlMeter.PowerChannel, gpuProvenance: Provenance.Integrated);
        var result = new Attributor(plan).Compute(series, [Iteration(1, 8, 12)], null, null, null, null);
        var iteration = result.Iterations[0];

        Assert.Equal(4 * 100 + 10 * (12 * 12 - 8 * 8) / 2.0, iteration[SampleMetric.GpuEnergy]!.Value.Value, 6);
        Assert.Equal(Provenance.Integrated, iteration[SampleMetric.GpuEnergy]!.Value.Source);
        Assert.Equal(80 + 800, iteration[SampleMetric.GlobalEnergy]!.Value.Value, 6);
        Assert.Equal(Provenance.Integrated, iteration[SampleMetric.GlobalEnergy]!.Value.Source);
        Assert.Equal((0.1 * 50 + 2 * 100) / 4, iteration[SampleMetric.GpuUsage]!.Value.Value, 6); // linear between the samples at 9.9 and 10 s
        Assert.Equal(40, iteration[SampleMetric.GpuMemoryUsed]!.Value.Value, 6);
        Assert.Equal(4.0, iteration[SampleMetric.Time]!.Value.Value, 6); // no BDN times: the window's own length
        Assert.Equal("no idle window (--idle 0)", result.NotAvailable[SampleMetric.NetEnergy.Name]);
    }

    [Fact]
    public void The_estimate_applies_the_power_model_to_each_sampling_interval_and_says_so()
    {
        // Fully busy for 0-10 s, idle afterwards; the model gives TDP at full load and 10 % of TDP at rest.
        var model = TdpLoadModel.Create(userTdpWatts: 50, logicalCpus: 4);
        var series = new Dictionary<string, Sample[]>
        {
            [SystemMeter.BusyTicksChannel] = Sampled(t => 100 * Math.Min(t, 10)),
            [SystemMeter.TotalTicksChannel] = Sampled(t => 100 * t),
        };
        var result = new Attributor(Plan(cpuChannel: null, estimate: model)).Compute(series, [Iteration(1, 9, 11)], null, null, null, null);
        var cpu = result.Iterations[0][SampleMetric.CpuEnergy]!.Value;
        Assert.Equal(50 * 1 + 5 * 1, cpu.Value, 6);
        Assert.Equal(Provenance.Estimated, cpu.Source);
        Assert.Equal(Provenance.Estimated, result.Iterations[0][SampleMetric.GlobalEnergy]!.Value.Source);
    }

    [Fact]
    public void Idle_drift_and_a_wattmeter_below_cpu_plus_gpu_are_warned_about()
    {
        double Energy(double t) => t < 10 ? 10 * t : 100 + 20 * (t - 10); // idle power doubles halfway
        var series = new Dictionary<string, Sample[]>
        {
            [RaplMeter.EnergyChannel] = Sampled(Energy),
            [WattmeterMeter.PowerChannel] = Sampled(_ => 5), // the wall reads less than the CPU alone: a lying meter
        };
        var result = new Attributor(Plan(wall: true)).Compute(series, [Iteration(1, 8, 9)], null,
            new Window(T(0), T(5)), new Window(T(15), T(20)), null);
        Assert.Contains(result.Warnings, w => w.Contains("idle power drifted"));
        Assert.Contains(result.Warnings, w => w.Contains("exceeds the wall reading"));
        Assert.Equal(5, result.Iterations[0][SampleMetric.WallEnergy]!.Value.Value, 6);
        Assert.Equal(Provenance.Wall, result.Iterations[0][SampleMetric.WallEnergy]!.Value.Source);
    }

    [Fact]
    public void An_iteration_the_samples_do_not_cover_is_na_with_the_reason_not_zero()
    {
        var series = new Dictionary<string, Sample[]> { [RaplMeter.EnergyChannel] = Sampled(t => 10 * t) };
        var result = new Attributor(Plan()).Compute(series, [Iteration(1, 1, 2), Iteration(2, 19, 25)], null, null, null, null);
        Assert.NotNull(result.Iterations[0][SampleMetric.CpuEnergy]);
        Assert.Null(result.Iterations[1][SampleMetric.CpuEnergy]);
        Assert.Null(result.Summary(SampleMetric.CpuEnergy, 2));
        Assert.Contains("do not cover", result.NotAvailable[SampleMetric.CpuEnergy.Name]);
    }

    [Fact]
    public void Iteration_counts_that_disagree_with_BenchmarkDotNet_are_warned_about_and_window_times_used()
    {
        var series = new Dictionary<string, Sample[]> { [RaplMeter.EnergyChannel] = Sampled(t => t) };
        var result = new Attributor(Plan()).Compute(series, [Iteration(1, 1, 3)], [1.0, 1.0], null, null, null);
        Assert.Contains(result.Warnings, w => w.Contains("1 iteration windows for 2 measured iterations"));
        Assert.Equal(2.0, result.Iterations[0][SampleMetric.Time]!.Value.Value, 6);
    }

    [Fact]
    public void A_rapl_counter_that_does_not_advance_while_the_cpu_is_busy_is_na_with_the_reason_never_0_joules()
    {
        // The counter stands at 5 J from start to end while the CPU is 95 % busy (200 ticks per second over 2 cores).
        var series = new Dictionary<string, Sample[]>
        {
            [RaplMeter.EnergyChannel] = Sampled(_ => 5),
            [SystemMeter.BusyTicksChannel] = Sampled(t => 190 * t),
            [SystemMeter.TotalTicksChannel] = Sampled(t => 200 * t),
        };
        var result = new Attributor(Plan()).Compute(series, [Iteration(1, 5, 6.5), Iteration(2, 6.5, 8)], [1.5, 1.5],
            idleBefore: new Window(T(0), T(5)), idleAfter: new Window(T(15), T(20)), bracket: new Window(T(5), T(8)));

        foreach (var metric in new[] { SampleMetric.CpuEnergy, SampleMetric.GlobalEnergy, SampleMetric.NetEnergy, SampleMetric.EnergyPerToken, SampleMetric.Power })
        {
            Assert.All(result.Iterations, i => Assert.Null(i[metric]));
            Assert.Contains("did not advance over 3.0 s while the CPU was 95 % busy (a frozen or virtualised counter)", result.NotAvailable[metric.Name]);
        }
        Assert.StartsWith("RAPL counter", result.NotAvailable[SampleMetric.CpuEnergy.Name]);
        Assert.Contains(result.Warnings, w => w.Contains("did not advance") && w.Contains("are n/a"));
        Assert.Null(result.BracketGlobalEnergy);
        Assert.Null(result.IdleBefore!.GlobalWatts);
        Assert.Equal(1.5, result.Iterations[0][SampleMetric.Time]!.Value.Value, 6); // time is still measured
    }

    [Fact]
    public void A_rapl_counter_that_advances_in_only_some_iterations_is_kept()
    {
        // Coarse updates (once in the span) are not a frozen counter.
        var series = new Dictionary<string, Sample[]> { [RaplMeter.EnergyChannel] = Sampled(t => t < 7 ? 5 : 50) };
        var result = new Attributor(Plan()).Compute(series, [Iteration(1, 5, 6.5), Iteration(2, 6.5, 8)], null, null, null, null);
        Assert.Equal(0, result.Iterations[0][SampleMetric.CpuEnergy]!.Value.Value, 6);
        Assert.Equal(45, result.Iterations[1][SampleMetric.CpuEnergy]!.Value.Value, 6);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("did not advance"));
    }

    [Fact]
    public void The_plan_names_the_rapl_zones_it_reads()
    {
        using var tree = new FakePowercapTree();
        tree.AddZone("intel-rapl:0", "package-0", 1);
        using var meters = MeterSet.Open(new MeterOptions { RaplRoot = tree.Root, NvmlLibrary = "/nonexistent/libnvidia-ml.so.1" });
        Assert.Equal("RAPL counter package-0", MeasurementPlan.From(meters).CpuCounterName);
    }

    [Fact]
    public void Cpu_use_of_other_processes_is_a_sample_per_iteration_and_a_warning_for_iterations_and_idle_windows_above_5_percent()
    {
        // Two cores. The benchmark process uses one core from 5 to 15 s, the host 0.05 core throughout; other processes
        // use 0.02 core, 0.3 core from 8 to 11 s (iteration 2) and 0.4 core after 15 s (the idle window after).
        double tps = ProcFiles.ClockTicksPerSecond;
        double Benchmark(double t) => Math.Clamp(t - 5, 0, 10);
        double Host(double t) => 0.05 * t;
        double Foreign(double t) => 0.02 * t + 0.28 * Math.Clamp(t - 8, 0, 3) + 0.38 * Math.Max(t - 15, 0);
        var series = new Dictionary<string, Sample[]>
        {
            [RaplMeter.EnergyChannel] = Sampled(t => 10 * t),
            [SystemMeter.BusyTicksChannel] = Sampled(t => (Benchmark(t) + Host(t) + Foreign(t)) * tps),
            [SystemMeter.TotalTicksChannel] = Sampled(t => 2 * t * tps),
            [SystemMeter.HostCpuSecondsChannel] = Sampled(Host),
            [ProcessMeter.CpuSecondsChannel] = Sampled(Benchmark),
        };
        var plan = Plan() with { HasSystem = true };
        var result = new Attributor(plan).Compute(series, [Iteration(1, 5, 8), Iteration(2, 8, 11), Iteration(3, 11, 14)], null,
            idleBefore: new Window(T(0), T(5)), idleAfter: new Window(T(15), T(20)), bracket: null);

        var foreign = result.Iterations.Select(i => i[SampleMetric.ForeignCpu]!.Value).ToList();
        Assert.All(foreign, v => Assert.Equal(Provenance.Proc, v.Source));
        Assert.Equal(1.0, foreign[0].Value, 6);  // 0.02 of 2 cores
        Assert.Equal(15.0, foreign[1].Value, 6); // 0.3 of 2 cores
        Assert.Equal(1.0, foreign[2].Value, 6);
        Assert.Contains(result.Warnings, w => w.StartsWith("other processes used up to 15.0 % of all cores") && w.Contains("iteration(s) 2 of 3"));
        Assert.Contains(result.Warnings, w => w.StartsWith("the idle window after the case was not idle") && w.Contains("20.0 % of all cores"));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("idle window before"));
    }
}
