using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Analysis;
using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Samples;
using EnergyBench.Benchmarks;
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
    /// <param name="analyze">Run the statistical analysis on the run's samples afterwards (the default job does).</param>
    public static int Run(string[] args, bool analyze = false)
    {
        var benchmarkArgs = SuiteOptions.Apply(args);
        // Benchmark processes run from a generated folder under bin/; they find the suite through BENCH_ROOT.
        Environment.SetEnvironmentVariable(SuitePaths.RootVariable, SuitePaths.Root);
        Environment.SetEnvironmentVariable(SuitePaths.ModelsVariable, SuitePaths.Models);
        Preflight.Run(benchmarkArgs);

        bool listing = benchmarkArgs.Contains("--list") || benchmarkArgs.Contains("--help") || benchmarkArgs.Contains("--version");
        var meterOptions = MeterOptions.FromEnvironment();
        using var diagnoser = meterOptions.Enabled && !listing ? new EnergyDiagnoser(meterOptions) : null;
        if (diagnoser is not null)
            PrintMeters(diagnoser);
        else if (!listing)
            Console.WriteLine("meters: off (--no-meters); time and tokens only");

        var benchmarks = listing ? ServingBenchmarks.All : ServingBenchmarks.All.Where(IsAvailable).ToArray();
        string runDirectory = SuiteConfig.NewRunDirectory();
        var summaries = BenchmarkSwitcher.FromTypes(benchmarks)
            .Run(benchmarkArgs.ToArray(), SuiteConfig.Create(runDirectory, diagnoser))
            .ToList();
        if (listing)
            return 0;
        int status = Report(summaries, runDirectory);
        if (summaries.Count > 0)
        {
            string run = Path.GetDirectoryName(summaries[0].ResultsDirectoryPath)!;
            if (analyze)
                Analyze(run);
            else
                Console.WriteLine($"Analyse with: ./run.sh analyze {run}");
        }
        return status;
    }

    /// <summary>Leaves out a configuration that cannot run on this machine or build, with a one-line note saying why.</summary>
    private static bool IsAvailable(Type benchmark)
    {
        var configuration = ServingBenchmarks.ConfigurationOf(benchmark);
        string? reason = ConfigurationAvailability.Check(configuration);
        if (reason is not null)
            Console.WriteLine($"skipped {configuration.ShortName} ({benchmark.Name}): unavailable: {reason}");
        return reason is null;
    }

    /// <summary>Says up front what will be measured with, and why the rest is n/a.</summary>
    private static void PrintMeters(EnergyDiagnoser diagnoser)
    {
        Console.WriteLine("meters:");
        foreach (var status in diagnoser.Meters.Statuses)
            Console.WriteLine($"  {status}");
        Console.WriteLine($"  idle window before and after each case: {diagnoser.Options.Idle.TotalSeconds:0.###} s");
    }

    /// <summary>The analysis of a finished run; a failure is reported in one line and leaves the run's own results as they are.</summary>
    private static void Analyze(string run)
    {
        if (!SamplesReader.Has(run))
        {
            Console.WriteLine("Analysis: none, the run wrote no samples (meters off?)");
            return;
        }
        try
        {
            Cli.AnalyzeCommand.Print(AnalysisRunner.Run(run, null, new AnalysisOptions()));
        }
        catch (Exception e) when (e is SamplesFormatException or IOException or ArgumentException)
        {
            Console.Error.WriteLine($"error: analysis of {run} failed: {e.Message}");
        }
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
