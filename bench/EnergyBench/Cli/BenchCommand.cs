using EnergyBench.Analysis;
using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Samples;
using EnergyBench.Running;

namespace EnergyBench.Cli;

/// <summary><c>bench</c>: a BenchmarkDotNet run of the serving configurations (<see cref="BenchRunner"/>), then its analysis or how to get it.</summary>
public static class BenchCommand
{
    /// <param name="analyze">Run the statistical analysis on the run's samples afterwards (the default job does).</param>
    public static int Run(string[] args, bool analyze = false) => CliErrors.Guard(() =>
    {
        var outcome = BenchRunner.Run(args);
        if (outcome.RunDirectory is { } run)
        {
            if (analyze)
                Analyze(run);
            else
                Console.WriteLine($"Analyse with: ./run.sh analyze {run}");
        }
        return outcome.Status;
    });

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
            AnalyzeCommand.Print(AnalysisRunner.Run(run, null, new AnalysisOptions()));
        }
        catch (Exception e) when (e is SamplesFormatException or IOException or ArgumentException)
        {
            Console.Error.WriteLine($"error: analysis of {run} failed: {e.Message}");
        }
    }
}
