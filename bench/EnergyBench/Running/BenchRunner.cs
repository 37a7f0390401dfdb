using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Diagnosers.RunEnvironment;
using EnergyBench.Benchmarks;
using EnergyBench.Campaign;
using EnergyBench.Diagnosers.Interruption;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Inference.Engines;
using EnergyBench.Models;

namespace EnergyBench.Running;

/// <summary>
/// Runs the benchmark classes through BenchmarkDotNet's switcher. The suite's own options (<see cref="SuiteOptions"/>)
/// are taken out of the argument list and passed on as environment variables; everything else goes to
/// BenchmarkDotNet unchanged, so its documentation applies.
/// </summary>
public static class BenchRunner
{
    /// <summary>How a run ended: its exit status, and its folder when BenchmarkDotNet wrote results that can be analysed.</summary>
    public sealed record Outcome(int Status, string? RunDirectory);

    public static Outcome Run(string[] args)
    {
        var (campaign, rest) = CampaignOptions.Extract(args);
        if (campaign.IsCampaign)
            return CampaignLauncher.Run(campaign, rest);
        var benchmarkArgs = SuiteOptions.Apply(rest);
        PrepareEnvironment();
        bool listing = Preflight.PrintsOnly(benchmarkArgs);
        if (listing)
        {
            Preflight.Run(benchmarkArgs);
            BenchmarkSwitcher.FromTypes(ServingBenchmarks.All).Run(benchmarkArgs.ToArray(), SuiteConfig.Create(SuiteConfig.NewRunDirectory()));
            return new Outcome(0, null);
        }

        // The lock first: a second run is refused before it builds a model or reads a prompt.
        string runDirectory = SuiteConfig.RunDirectoryOf(benchmarkArgs);
        using var runLock = RunLock.Acquire(runDirectory);
        Preflight.Run(benchmarkArgs);
        var meterOptions = MeterOptions.FromEnvironment();
        using var interruption = RunInterruption.Listen();
        using var diagnoser = meterOptions.Enabled ? new EnergyDiagnoser(meterOptions, interruption) : null;
        if (diagnoser is not null)
            PrintMeters(diagnoser);
        else
            Console.WriteLine("meters: off (--no-meters); time and tokens only");
        EnvironmentRecord.Capture(SuitePaths.Root, meterOptions, diagnoser?.Meters).Write(runDirectory);
        Console.WriteLine($"environment: {Path.Combine(runDirectory, EnvironmentRecord.MarkdownFile)}");

        var benchmarks = ServingBenchmarks.All.Where(IsAvailable).ToArray();
        var summaries = BenchmarkSwitcher.FromTypes(benchmarks)
            .Run(benchmarkArgs.ToArray(), SuiteConfig.Create(runDirectory, diagnoser, interruption))
            .ToList();
        if (interruption.IsRequested)
            return new Outcome(Stopped(summaries, runDirectory, diagnoser, interruption), null);
        int status = Report(summaries, runDirectory);
        return new Outcome(status, summaries.Count > 0 ? Path.GetDirectoryName(summaries[0].ResultsDirectoryPath) : null);
    }

    /// <summary>What every benchmark process needs from the host's environment.</summary>
    internal static void PrepareEnvironment()
    {
        // Benchmark processes run from a generated folder under bin/; they find the suite through BENCH_ROOT.
        Environment.SetEnvironmentVariable(SuitePaths.RootVariable, SuitePaths.Root);
        Environment.SetEnvironmentVariable(SuitePaths.ModelsVariable, SuitePaths.Models);
        BuildAccelerator.PassToChildBuilds();
    }

    /// <summary>Exit code of a run stopped by a signal, as a shell reports one ended by SIGINT.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>After a requested stop: what was kept and where, and a non-zero exit.</summary>
    private static int Stopped(IReadOnlyList<Summary> summaries, string runDirectory, EnergyDiagnoser? diagnoser, RunInterruption interruption)
    {
        var reports = summaries.SelectMany(s => s.Reports).ToList();
        int complete = reports.Count(r => r.Success);
        var incomplete = diagnoser?.Results.Where(r => r.Value.Incomplete is not null)
            .Select(r => $"{r.Key.Descriptor.Type.Name} ({r.Value.Iterations.Count} iterations)").ToList() ?? [];
        int notRun = reports.Count - complete - incomplete.Count;
        Console.Error.WriteLine($"stopped by {interruption.Signal}: {complete} case(s) measured in full, {incomplete.Count} incomplete" +
                                (incomplete.Count > 0 ? $" [{string.Join(", ", incomplete)}]" : "") + $", {notRun} not run");
        string results = summaries.Count > 0 ? summaries[0].ResultsDirectoryPath : Path.Combine(runDirectory, "results");
        Console.Error.WriteLine($"kept: reports and samples in {results}; every meter sample and iteration window as taken in {Path.Combine(runDirectory, "raw")}");
        return InterruptedExitCode;
    }

    /// <summary>Leaves out a configuration that cannot run on this machine or build, with a one-line note saying why.</summary>
    internal static bool IsAvailable(Type benchmark)
    {
        var configuration = ServingBenchmarks.ConfigurationOf(benchmark);
        string? reason = ConfigurationAvailability.Check(configuration);
        if (reason is not null)
            Console.WriteLine($"skipped {configuration.ShortName} ({benchmark.Name}): unavailable: {reason}");
        return reason is null;
    }

    /// <summary>Says up front what will be measured with, and why the rest is n/a.</summary>
    internal static void PrintMeters(EnergyDiagnoser diagnoser)
    {
        Console.WriteLine("meters:");
        foreach (var status in diagnoser.Meters.Statuses)
            Console.WriteLine($"  {status}");
        Console.WriteLine($"  idle window before and after each case: {diagnoser.Options.Idle.TotalSeconds:0.###} s");
    }

    private static int Report(IReadOnlyList<Summary> summaries, string runDirectory)
    {
        if (summaries.Count == 0)
        {
            Console.Error.WriteLine("no benchmark matched the filters (see: ./run.sh bench --list flat)");
            return 2;
        }
        Console.WriteLine();
        Console.WriteLine($"Reports: {Path.Combine(summaries[0].ResultsDirectoryPath)}");
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        if (failed)
            Console.Error.WriteLine("some benchmarks failed; see the log in " + runDirectory);
        return failed ? 1 : 0;
    }
}
