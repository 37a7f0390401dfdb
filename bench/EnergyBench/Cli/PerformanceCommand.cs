using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EnergyBench.Analysis.Performance;
using EnergyBench.Analysis.Roofline;
using EnergyBench.Analysis.Samples;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Engines.Torch;
using EnergyBench.Inference.Prompts;
using EnergyBench.Models;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Cli;

/// <summary>
/// <c>performance</c>: benchmarks every CPU configuration on the given models with meters and again without, measures this
/// machine's limits, and writes one report: tokens/s against the bandwidth bound, the share of time outside the engines'
/// forward calls, managed allocations, memory against the weights, the meters' overhead, and libtorch's decode matmuls
/// against what memory delivers.
/// </summary>
public static class PerformanceCommand
{
    public static Command Create()
    {
        var models = new Option<string>("--models") { Description = "models, as for bench --models", DefaultValueFactory = _ => $"{ModelPreset.Default},category1-synthetic" };
        var prompts = new Option<string>("--prompts") { Description = "prompt set (name in prompts/ or a JSONL path)", DefaultValueFactory = _ => PromptSet.DefaultName };
        var promptCount = new Option<int>("--prompt-count") { Description = "the set's first N prompts per iteration (1-10000)", DefaultValueFactory = _ => 8 };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "new tokens per prompt", DefaultValueFactory = _ => 32 };
        var iterations = new Option<int>("--iterations") { Description = "measured iterations per case (3-100)", DefaultValueFactory = _ => 5 };
        var rounds = new Option<int>("--overhead-rounds") { Description = "jobs without meters beside the metered one: 0 none; 1 with, then without; 2 with, without, without, with (cancels a steady drift)", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "intra-op threads of every engine and of the roofline (default: one per physical core)" };
        var runFolder = new Option<string?>("--runs") { Description = "the folder for the prompt file and the benchmark run (default: artifacts/runs/performance-DATE-TIME)" };
        var output = new Option<string>("--out") { Description = "the report", DefaultValueFactory = _ => Path.Combine(SuitePaths.Artifacts, "performance.md") };
        var command = new Command("performance", "Every CPU configuration on the default model and the category-1 twins: tokens/s against the roofline, non-forward share, allocations, memory, meter overhead; writes artifacts/performance.md")
        {
            models, prompts, promptCount, maxNewTokens, iterations, rounds, threads, runFolder, output,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            int count = Range("--prompt-count", result.GetValue(promptCount), 1, 10_000);
            int tokens = Range("--max-new-tokens", result.GetValue(maxNewTokens), 1, 100_000);
            int iterationCount = Range("--iterations", result.GetValue(iterations), 3, 100);
            int roundCount = Range("--overhead-rounds", result.GetValue(rounds), 0, 2);
            int? threadCount = result.GetValue(threads) is { } t ? Range("--threads", t, 1, 1024) : null;
            string report = Path.GetFullPath(result.GetValue(output)!);
            Directory.CreateDirectory(Path.GetDirectoryName(report)!);

            string folder = Path.GetFullPath(result.GetValue(runFolder)
                                             ?? Path.Combine(SuitePaths.Artifacts, "runs", "performance-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
            string promptFile = WritePromptSubset(result.GetValue(prompts)!, count, folder);
            string[] benchArgs =
            [
                "--models", result.GetValue(models)!, "--prompts", promptFile, "--max-new-tokens", tokens.ToString(CultureInfo.InvariantCulture),
                .. threadCount is { } n ? new[] { "--threads", n.ToString(CultureInfo.InvariantCulture) } : [],
                "--idle", "1s", "--anyCategories", "cpu", "--join", "--exporters", "json",
                "--iterationCount", iterationCount.ToString(CultureInfo.InvariantCulture), "--warmupCount", "1",
            ];

            // One run; with meter overhead, jobs alternate meters on and off, and BenchmarkDotNet runs each case's jobs one
            // after the other in the order of their names, so both sides of the ratio see the same machine.
            var jobs = Jobs(roundCount);
            string run = Path.Combine(folder, "run");
            Console.WriteLine($"performance: run {run}");
            int status = RunBench([.. benchArgs, .. jobs.SelectMany(j => new[] { "--job", j.Metered ? j.Name : $"{j.Name}:{MeterOptions.MetersVariable}=off" }),
                "--artifacts", run]);
            if (status == CliErrors.BadInput)
                return status; // bench refused an option or model before building anything, in its own one-line error
            if (status != 0)
                throw new IOException($"the benchmark run in {run} failed (exit code {status}); its log is in that folder");

            var limits = RooflineCommand.Measure(threadCount ?? CpuTopology.PhysicalCoreCount, 1024L * 1024 * 1024, 10);
            var (allSamples, workloads) = RooflineCommand.ReadRun(run, promptFile, tokens);
            var reports = ReportJsonReader.Find(run);
            string? main = jobs.Count > 0 ? jobs[0].Name : null;
            var samples = main is null ? allSamples : JobLabels.OfJob(allSamples, main);
            var allocations = ReportJsonReader.ReadAllocations(reports)
                .Select(a => (Key: a.Key, Split: JobLabels.Split(a.Key.Configuration), a.Value))
                .Where(a => a.Split.Job == main)
                .ToDictionary(a => (a.Key.Model, a.Split.Label), a => a.Value);
            var overheads = PerformanceTable.Overheads(ReportJsonReader.Read(reports),
                jobs.Where(j => j.Metered).Select(j => j.Name).ToList(), jobs.Where(j => !j.Metered).Select(j => j.Name).ToList());
            var weightBytes = workloads.Keys.ToDictionary(m => m, m => ModelDirectory.Resolve(m).RequireBuilt().LoadConfig().ParameterCount * ModelCost.Fp32Bytes);
            var roofline = RooflineTable.Of(samples, workloads, limits);
            var rows = PerformanceTable.Of(roofline, samples, allocations, overheads, weightBytes);

            var text = new StringBuilder();
            text.AppendLine("# Performance");
            text.AppendLine();
            text.AppendLine(Invariant($"Written by `./run.sh performance` on {DateTime.Now:yyyy-MM-dd HH:mm}, {MachineName()}; runs in `{Path.GetRelativePath(SuitePaths.Root, folder)}`."));
            text.AppendLine(Invariant($"Each case: the first {count} prompts of `{result.GetValue(prompts)}` x {tokens} new tokens per iteration, {iterationCount} measured iterations, fp32, batch 1."));
            text.AppendLine();
            text.AppendLine(PerformanceTable.Markdown(rows));
            text.AppendLine(Definitions(roundCount));
            text.Append(RooflineTable.Markdown(roofline, limits));
            text.AppendLine();
            text.Append(TorchMatmuls(workloads.Keys, threadCount ?? EngineOptions.Default.IntraOpThreads));
            File.WriteAllText(report, text.ToString());
            Console.WriteLine();
            Console.Write(PerformanceTable.Markdown(rows));
            Console.WriteLine($"Report: {report}");
            return 0;
        }));
        return command;
    }

    /// <summary>The run's jobs: none without overhead rounds; else metered first (it gives every figure but the overhead), then alternating.</summary>
    private static IReadOnlyList<(string Name, bool Metered)> Jobs(int rounds) => rounds switch
    {
        0 => [],
        1 => [("1-metered", true), ("2-bare", false)],
        _ => [("1-metered", true), ("2-bare", false), ("3-bare", false), ("4-metered", true)],
    };

    /// <summary>The set's first <paramref name="count"/> prompts, as a prompt file of the run, so reports name what was sent.</summary>
    private static string WritePromptSubset(string nameOrPath, int count, string folder)
    {
        var set = PromptSet.Load(nameOrPath);
        if (set.Prompts.Count < count)
            throw new ArgumentException(Invariant($"--prompt-count: {count}, but {set.Path} has {set.Prompts.Count} prompts"));
        var subset = new PromptSet(Path.Combine(folder, "prompts.jsonl"), set.Prompts.Take(count).ToList());
        subset.Save();
        return subset.Path;
    }

    /// <summary>
    /// One <c>bench</c> run in a process of its own, as a user would start it, so each run has fresh meters, a fresh
    /// BenchmarkDotNet host and exactly the environment it is given.
    /// </summary>
    internal static int RunBench(string[] args)
    {
        string host = Environment.ProcessPath ?? throw new IOException("cannot tell which program is running, to start the benchmark runs");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(PerformanceCommand).Assembly.Location);
        start.ArgumentList.Add("bench");
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment.Remove(MeterOptions.MetersVariable); // the jobs choose
        using var process = Process.Start(start) ?? throw new IOException($"could not start {host}");
        process.WaitForExit();
        return process.ExitCode;
    }

    private static string Definitions(int rounds) =>
        "Tokens/s: median over iterations of generated tokens / iteration time. % of decode bound: of this machine's read bandwidth " +
        "(measured below, after the runs) over the bytes a batch-1 decode step reads. Non-forward share: median over iterations of the share " +
        "of iteration time outside the engine's forward call (input preparation, logits copy, argmax, KV bookkeeping, the generation loop). " +
        "Allocated / iteration: managed bytes (BenchmarkDotNet's MemoryDiagnoser; native memory is not counted). RSS: the benchmark " +
        "process's resident memory during the iterations (median of per-iteration means); runtime RSS: the same process's RSS once the " +
        "engine's native runtime was loaded, before the weights (the engine's `runtime_rss_bytes` setting), so (RSS - runtime) / weights is what " +
        "the weights and the engine's copies and buffers cost; peak RSS: its high-water mark (VmHWM); all against the fp32 weight bytes. " +
        (rounds == 0
            ? "Meter overhead: not measured (--overhead-rounds 0)."
            : "Meter overhead: median time per iteration of each case with meters over the same case without, minus 1, with a 95 % bootstrap " +
              "interval ('noise' when it holds 0), from " +
              (rounds == 1 ? "two jobs of one run (with, then without)" : "four jobs of one run (with, without, without, with), which cancels a steady drift") +
              "; tokens/s and the other columns come from the first job.") + "\n";

    /// <summary>libtorch's batch-1 decode matmuls of each model against a plain loop over the same weights (see the torch-matmul verb).</summary>
    private static string TorchMatmuls(IEnumerable<string> models, int threads)
    {
        var text = new StringBuilder();
        text.AppendLine("## TORCH: libtorch's decode matmuls against memory");
        text.AppendLine();
        text.AppendLine("Each model's batch-1 decode matmuls in bare TorchSharp (`linear` on [out, in] weights, as the engines call it; `matmul` on " +
                        "[in, out] weights; a plain vectorised loop over the same weights on the same threads), in GB/s of weights read " +
                        "(`./run.sh torch-matmul --model NAME`).");
        text.AppendLine();
        text.AppendLine("| model | matmul | [out x in] | MB | linear [out,in] GB/s | matmul [in,out] GB/s | plain loop GB/s |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|");
        foreach (string model in models)
        {
            var (_, timings) = DecodeMatmulBenchmark.Run(ModelDirectory.Resolve(model).RequireBuilt().LoadConfig(), threads);
            foreach (var t in timings)
                text.AppendLine(Invariant($"| {model} | {t.Name} | {t.Out} x {t.In} | {t.WeightBytes / 1e6:F1} | {t.Rate(t.Linear):F1} | {t.Rate(t.InOut):F1} | {t.Rate(t.PlainLoop):F1} |"));
        }
        return text.ToString();
    }

    /// <summary>The CPU's name from /proc/cpuinfo where there is one, with its core counts.</summary>
    internal static string MachineName()
    {
        string? name = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return Invariant($"{name ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString()}, {CpuTopology.PhysicalCoreCount} physical cores, {Environment.ProcessorCount} logical");
    }

    private static int Range(string option, int value, int low, int high) =>
        value >= low && value <= high ? value : throw new ArgumentException(Invariant($"{option}: {value} is not between {low} and {high}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
