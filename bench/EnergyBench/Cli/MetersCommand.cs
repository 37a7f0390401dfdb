using System.Diagnostics;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Timeline;
using EnergyBench.Running;

namespace EnergyBench.Cli;

/// <summary>
/// <c>./run.sh meters [options]</c>: every meter, whether it works on this machine and why not, then a short live
/// reading of what works (power, usage), so a user can check their setup before a long run.
/// </summary>
public static class MetersCommand
{
    public static readonly TimeSpan ReadingTime = TimeSpan.FromSeconds(2);

    public static int Run(string[] args) => CliErrors.Guard(() =>
    {
        var rest = SuiteOptions.Apply(args);
        if (rest.Count > 0)
            throw new ArgumentException($"meters: unknown argument '{rest[0]}' ({SuiteOptions.Usage})");
        using var meters = MeterSet.Open(MeterOptions.FromEnvironment());
        foreach (var status in meters.Statuses)
            Console.WriteLine($"{(status.Available ? "ok " : "n/a")}  {status.Role,-22} {status.Detail}");

        using var sampler = new MeterSampler();
        foreach (var meter in meters.Meters)
            sampler.Start(meter);
        long start = Stopwatch.GetTimestamp();
        Thread.Sleep(ReadingTime);
        var window = new Window(start, Stopwatch.GetTimestamp());
        sampler.Stop(); // takes a last sample, after the window
        var series = sampler.Series.ToDictionary(pair => pair.Key, pair => pair.Value.Snapshot());
        var plan = MeasurementPlan.From(meters);
        var reading = new Attributor(plan).Compute(series, [new IterationRecord(IterationStage.Actual, 1, 0, window.Start, window.Stop)], null, null, null, null);

        Console.WriteLine($"reading over {ReadingTime.TotalSeconds:0} s:");
        foreach (var metric in new[] { SampleMetric.CpuEnergy, SampleMetric.GpuEnergy, SampleMetric.WallEnergy })
        {
            string value = reading.Iterations[0][metric] is { } v ? $"{v.Value / window.Seconds:0.00} W ({v.Source})" : "n/a";
            Console.WriteLine($"  {metric.Name.Replace("_energy_j", "_power_w"),-18} {value}");
        }
        foreach (var metric in new[] { SampleMetric.CpuUsage, SampleMetric.RamUsage, SampleMetric.GpuUsage, SampleMetric.GpuMemoryUsed })
            Console.WriteLine($"  {metric.Name,-18} {(reading.Iterations[0][metric] is { } v ? $"{v.Value:0.0} %" : "n/a")}");
        foreach (var (meter, reason) in sampler.Failures)
            Console.WriteLine($"  {meter} stopped: {reason}");
        foreach (string warning in reading.Warnings)
            Console.WriteLine($"  warning: {warning}");
        return 0;
    });
}
