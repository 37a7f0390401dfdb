using System.CommandLine;
using System.Globalization;
using EnergyBench.Analysis.Roofline;
using EnergyBench.Analysis.Samples;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Engines.Torch;
using EnergyBench.Inference.Prompts;
using EnergyBench.Models;
using EnergyBench.Models.Tokenization;
using EnergyBench.Roofline;

namespace EnergyBench.Cli;

/// <summary>
/// <c>roofline</c>: measures this machine's read bandwidth and fp32 matmul throughput in this process and, given a run,
/// places each configuration x model's tokens/s against the bounds they set.
/// </summary>
public static class RooflineCommand
{
    // Prefill-like: a 128-token prompt through a 1024 -> 4096 projection; decode-like: one token through the same.
    private const int PrefillRows = 128, MatmulInner = 1024, MatmulColumns = 4096;

    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "a run directory (artifacts/runs/...): print its % of bound table" };
        var threads = new Option<int?>("--threads") { Description = "threads for both measurements (default: one per physical core)" };
        var bufferMib = new Option<int>("--buffer-mib") { Description = "the buffer the bandwidth test reads (MiB, 64-4096)", DefaultValueFactory = _ => 1024 };
        var repetitions = new Option<int>("--repetitions") { Description = "timed repetitions of each measurement (1-1000); the best is the bound", DefaultValueFactory = _ => 10 };
        var prompts = new Option<string?>("--prompts") { Description = "the prompt set the run used (default: the one its reports name)" };
        var maxNewTokens = new Option<int?>("--max-new-tokens") { Description = "new tokens per prompt the run asked for (default: from its reports)" };
        var output = new Option<string?>("--out") { Description = "also write the table to this markdown file" };
        var command = new Command("roofline", "This machine's read bandwidth and fp32 matmul throughput; with --run, each case's tokens/s as a % of the bounds they set")
        {
            run, threads, bufferMib, repetitions, prompts, maxNewTokens, output,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            int threadCount = Range("--threads", result.GetValue(threads) ?? CpuTopology.PhysicalCoreCount, 1, 1024);
            long bufferBytes = Range("--buffer-mib", result.GetValue(bufferMib), 64, 4096) * 1024L * 1024;
            int repetitionCount = Range("--repetitions", result.GetValue(repetitions), 1, 1000);
            if (result.GetValue(maxNewTokens) is { } tokens)
                Range("--max-new-tokens", tokens, 1, 1_000_000);

            // Everything the table needs is read before the measurements, so bad input fails at once.
            string? runDirectory = result.GetValue(run);
            (IReadOnlyList<SampleRow> Samples, Dictionary<string, ModelWorkload> Models)? runCases = runDirectory is null
                ? null
                : ReadRun(runDirectory, result.GetValue(prompts), result.GetValue(maxNewTokens));

            var limits = Measure(threadCount, bufferBytes, repetitionCount);
            if (runCases is not { } cases)
                return 0;
            string markdown = RooflineTable.Markdown(RooflineTable.Of(cases.Samples, cases.Models, limits), limits);
            Console.WriteLine();
            Console.WriteLine($"Run: {Path.GetFullPath(runDirectory!)}");
            Console.WriteLine();
            Console.Write(markdown);
            if (result.GetValue(output) is { } file)
                File.WriteAllText(file, $"Run: {Path.GetFullPath(runDirectory!)}\n\n{markdown}");
            return 0;
        }));
        return command;
    }

    /// <summary>A run's samples and, for each of its models, the shape and work the roofline needs.</summary>
    internal static (IReadOnlyList<SampleRow> Samples, Dictionary<string, ModelWorkload> Models) ReadRun(string runDirectory, string? prompts, int? maxNewTokens)
    {
        if (!Directory.Exists(runDirectory))
            throw new ArgumentException($"--run: {runDirectory}: no such run directory");
        var samples = SamplesReader.Read(SamplesReader.Find(runDirectory));
        var settings = RunPromptSettings.Read(runDirectory);
        var models = new Dictionary<string, ModelWorkload>();
        foreach (string name in samples.Select(s => s.Model).Distinct())
        {
            settings.TryGetValue(name, out var setting);
            string promptSet = prompts ?? setting?.Prompts
                ?? throw new ArgumentException($"{runDirectory}: its reports do not name the prompt set of {name}; give --prompts");
            // BenchmarkDotNet shortens a long parameter value in its reports ("/work/arti(...)/p.jsonl [67]").
            if (promptSet.Contains("(...)", StringComparison.Ordinal))
                throw new ArgumentException($"{runDirectory}: its reports shorten the prompt set of {name} to '{promptSet}'; give --prompts");
            int newTokens = maxNewTokens ?? setting?.MaxNewTokens
                ?? throw new ArgumentException($"{runDirectory}: its reports do not name the new-token count of {name}; give --max-new-tokens");
            var directory = ModelDirectory.Resolve(name).RequireBuilt();
            var tokenizer = ModelTokenizer.Load(directory.Path);
            var lengths = PromptSet.Load(promptSet).Prompts.Select(p => tokenizer.EncodeToIds(p.Prompt).Count).ToList();
            models[name] = new ModelWorkload(ModelCost.Of(directory.LoadConfig()), new GenerationWorkload(lengths, newTokens));
        }
        return (samples, models);
    }

    /// <summary>Measures and prints this machine's read bandwidth and fp32 matmul throughput.</summary>
    internal static MachineLimits Measure(int threads, long bufferBytes, int repetitions)
    {
        var bandwidth = MemoryBandwidth.Measure(bufferBytes, threads, repetitions);
        Console.WriteLine(Invariant($"Read bandwidth: best {bandwidth.Best / 1e9:F1} GB/s, median {bandwidth.Median / 1e9:F1} GB/s ({bandwidth.Threads} threads, Vector<float> sums over {bandwidth.BufferBytes >> 20} MiB, {repetitions} repetitions)"));
        var prefill = TorchMatmulProbe.Measure(PrefillRows, MatmulInner, MatmulColumns, threads, repetitions);
        var decode = TorchMatmulProbe.Measure(1, MatmulInner, MatmulColumns, threads, repetitions);
        foreach (var (label, reading) in new[] { ("prefill-like", prefill), ("decode-like", decode) })
            Console.WriteLine(Invariant($"fp32 matmul {label} {reading.Shape}: best {reading.Best / 1e9:F1} GFLOP/s, median {reading.Median / 1e9:F1} GFLOP/s (TorchSharp/libtorch CPU, {reading.Threads} threads, {repetitions} repetitions)"));
        return new MachineLimits(bandwidth.Best, prefill.Best,
            Invariant($"best of {repetitions}, {bandwidth.Threads} threads, Vector<float> sums over {bandwidth.BufferBytes >> 20} MiB"),
            Invariant($"best of {repetitions}, TorchSharp/libtorch {prefill.Shape}, {prefill.Threads} threads"));
    }

    private static int Range(string option, int value, int low, int high) =>
        value >= low && value <= high ? value : throw new ArgumentException(Invariant($"{option}: {value} is not between {low} and {high}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
