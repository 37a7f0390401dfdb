using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EnergyBench.Benchmarks;
using EnergyBench.Models;

namespace EnergyBench.Running;

/// <summary>
/// Runs the benchmark classes through BenchmarkDotNet's switcher. The suite's own options (--models, --prompts,
/// --max-new-tokens, --threads) are taken off the front of the argument list and passed to the benchmark processes as
/// environment variables; everything else goes to BenchmarkDotNet unchanged, so its documentation applies.
/// </summary>
public static class BenchRunner
{
    private static readonly Dictionary<string, string> SuiteOptions = new(StringComparer.Ordinal)
    {
        ["--models"] = BenchmarkSettings.ModelsVariable,
        ["--prompts"] = BenchmarkSettings.PromptsVariable,
        ["--max-new-tokens"] = BenchmarkSettings.MaxNewTokensVariable,
        ["--threads"] = BenchmarkSettings.ThreadsVariable,
    };

    public static int Run(string[] args)
    {
        var benchmarkArgs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (SuiteOptions.TryGetValue(args[i], out var variable))
            {
                if (i + 1 >= args.Length)
                    throw new ArgumentException($"{args[i]} needs a value");
                Environment.SetEnvironmentVariable(variable, AbsolutePaths(args[++i]));
            }
            else
            {
                benchmarkArgs.Add(args[i]);
            }
        }
        // Benchmark processes run from a generated folder under bin/; they find the suite through BENCH_ROOT.
        Environment.SetEnvironmentVariable(SuitePaths.RootVariable, SuitePaths.Root);
        Environment.SetEnvironmentVariable(SuitePaths.ModelsVariable, SuitePaths.Models);

        bool listing = benchmarkArgs.Contains("--list") || benchmarkArgs.Contains("--help") || benchmarkArgs.Contains("--version");
        string runDirectory = SuiteConfig.NewRunDirectory();
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchRunner).Assembly)
            .Run(benchmarkArgs.ToArray(), SuiteConfig.Create(runDirectory))
            .ToList();
        if (listing)
            return 0;
        return Report(summaries, runDirectory);
    }

    /// <summary>Benchmark processes run in another folder, so relative paths to models or prompt files are made absolute.</summary>
    private static string AbsolutePaths(string list) =>
        string.Join(',', list.Split(',', StringSplitOptions.TrimEntries)
            .Select(item => File.Exists(item) || Directory.Exists(item) ? Path.GetFullPath(item) : item));

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
