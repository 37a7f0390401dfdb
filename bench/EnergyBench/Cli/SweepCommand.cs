using System.CommandLine;
using System.Globalization;
using System.Text;
using EnergyBench.Analysis.Reports;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Sweep;
using EnergyBench.Benchmarks;
using EnergyBench.Inference.Prompts;
using EnergyBench.Models;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Cli;

/// <summary>
/// <c>sweep</c>: the prompt-length sweep. Builds prompt sets of exactly N tokens in the model's own tokenizer, runs them
/// in one benchmark run (the <c>Prompts</c> parameter takes them all), and writes decode J/token at each length with its
/// amplification against the shortest, prefill energy per prompt, decode tokens/s and time to first token.
/// </summary>
public static class SweepCommand
{
    public const string DefaultConfigurations = "onnx-cpu,torch-cpu";

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "the model (name, preset or directory)", DefaultValueFactory = _ => ModelPreset.Default };
        var tokens = new Option<string>("--tokens") { Description = "prompt lengths in the model's tokens, comma-separated", DefaultValueFactory = _ => PromptsCommand.DefaultLengths };
        var configs = new Option<string>("--configs") { Description = "serving configurations, comma-separated (e.g. onnx-cpu,torch-cpu,jit-cpu,ov-cpu)", DefaultValueFactory = _ => DefaultConfigurations };
        var promptCount = new Option<int>("--prompt-count") { Description = "prompts per length and iteration (1-164)", DefaultValueFactory = _ => 8 };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "new tokens per prompt", DefaultValueFactory = _ => 32 };
        var iterations = new Option<int>("--iterations") { Description = "measured iterations per case (3-100)", DefaultValueFactory = _ => 3 };
        var seed = new Option<ulong>("--seed") { Description = "seed of the problems' order", DefaultValueFactory = _ => PromptLengthBuilder.DefaultSeed };
        var source = new Option<string>("--source") { Description = "HumanEval JSONL(.gz) file", DefaultValueFactory = _ => HumanEvalSource.DefaultPath };
        var runFolder = new Option<string?>("--runs") { Description = "the folder for the prompt sets and the benchmark run (default: artifacts/runs/prompt-length-DATE-TIME)" };
        var output = new Option<string>("--out") { Description = "the report", DefaultValueFactory = _ => Path.Combine(SuitePaths.Artifacts, "prompt-length.md") };
        var command = new Command("sweep", "Prompt-length sweep: prompts of exactly N tokens, decode J/token at each length and its amplification against the shortest; writes artifacts/prompt-length.md")
        {
            model, tokens, configs, promptCount, maxNewTokens, iterations, seed, source, runFolder, output,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var lengths = PromptsCommand.ParseLengths(result.GetValue(tokens)!);
            var filters = Filters(result.GetValue(configs)!);
            int count = Range("--prompt-count", result.GetValue(promptCount), 1, 164);
            int newTokens = Range("--max-new-tokens", result.GetValue(maxNewTokens), 1, 100_000);
            int iterationCount = Range("--iterations", result.GetValue(iterations), 3, 100);
            string report = Path.GetFullPath(result.GetValue(output)!);
            Directory.CreateDirectory(Path.GetDirectoryName(report)!);
            string folder = Path.GetFullPath(result.GetValue(runFolder)
                                             ?? Path.Combine(SuitePaths.Artifacts, "runs", "prompt-length-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));

            var built = PromptsCommand.BuildLengths(result.GetValue(model)!, lengths, count, newTokens, result.GetValue(seed), result.GetValue(source)!,
                Path.Combine(folder, "prompts"));
            var sets = built.Select(b => new SweepSet(b.Set.Path, b.Tokens, b.Set.Prompts.Count)).ToList();
            string modelName = ModelDirectory.Resolve(result.GetValue(model)!).Name;
            string run = Path.Combine(folder, "run");
            Console.WriteLine($"sweep: {sets.Count} prompt lengths x {filters.Count} configurations of {modelName}; run {run}");
            int status = PerformanceCommand.RunBench(
            [
                "--models", result.GetValue(model)!, "--prompts", string.Join(',', sets.Select(s => s.Path)),
                "--max-new-tokens", newTokens.ToString(CultureInfo.InvariantCulture), "--idle", "1s", "--join", "--exporters", "json",
                "--iterationCount", iterationCount.ToString(CultureInfo.InvariantCulture), "--warmupCount", "1", "--artifacts", run,
                "--filter", .. filters,
            ]);
            if (status == CliErrors.BadInput)
                return status; // bench refused an option or model before building anything, in its own one-line error
            if (status != 0)
                throw new IOException($"the benchmark run in {run} failed (exit code {status}); its log is in that folder");

            var samples = SamplesReader.Read(SamplesReader.Find(run));
            var rows = PromptLengthTable.Of(samples, sets);
            string table = PromptLengthTable.Markdown(rows, samples, RunLegends.Read(run));
            File.WriteAllText(report, Report(table, folder, modelName, sets, newTokens, iterationCount, built[0].Set.Prompts[0].Tokenizer,
                RunContext.Read(run).Meters));
            Console.WriteLine();
            Console.Write(table);
            Console.WriteLine($"Report: {report}");
            return 0;
        }));
        return command;
    }

    /// <summary>BenchmarkDotNet filters for the configurations' benchmark classes; an unknown or class-less name fails first.</summary>
    private static IReadOnlyList<string> Filters(string configurations)
    {
        var names = configurations.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
            throw new ArgumentException("--configs: no configuration given; give names like onnx-cpu,torch-cpu");
        return names.Select(name =>
        {
            var configuration = ServingConfiguration.Parse(name);
            var type = ServingBenchmarks.All.FirstOrDefault(t => ServingBenchmarks.ConfigurationOf(t) == configuration)
                       ?? throw new ArgumentException($"--configs: {name} has no benchmark in this build");
            return $"*.{type.Name}.*";
        }).Distinct().ToList();
    }

    private static string Report(string table, string folder, string model, IReadOnlyList<SweepSet> sets, int newTokens, int iterations, string tokenizer,
        IReadOnlyList<string> meters)
    {
        var text = new StringBuilder();
        text.AppendLine("# Prompt length: decode energy per token");
        text.AppendLine();
        text.AppendLine(Invariant($"Written by `./run.sh sweep` on {DateTime.Now:yyyy-MM-dd HH:mm}, {PerformanceCommand.MachineName()}; prompt sets and run in `{Path.GetRelativePath(SuitePaths.Root, folder)}`."));
        text.AppendLine(Invariant($"Model {model}; each case: {sets[0].Prompts} prompts of exactly N tokens ({tokenizer}) x {newTokens} new tokens per iteration, {iterations} measured iterations, fp32, batch 1."));
        text.AppendLine("Prompt i of every length starts at the same HumanEval problem; lengths past a problem's end run on into the next problems.");
        text.AppendLine();
        // Where the energy comes from decides what the amplification means: an estimate from CPU load shows the machine, not the model.
        if (meters.Count > 0)
        {
            text.AppendLine("Meters of the run:");
            text.AppendLine();
            foreach (string line in meters)
                text.AppendLine($"- {line.Trim()}");
            text.AppendLine();
        }
        text.Append(table);
        text.AppendLine();
        text.AppendLine("Decode J/token: median over iterations of the decode windows' CPU + GPU energy over the tokens the decode steps generated " +
                        "(every prompt's tokens after its first). Vs shortest: median decode J/token at this length over that at the configuration's " +
                        "shortest length, minus 1, with a 95 % bootstrap interval ('noise' when it holds 0). Prefill J / prompt: median prefill energy " +
                        "of an iteration over its prompts. Decode tokens/s: median over iterations of decode tokens / decode time. TTFT: median of the " +
                        "iterations' mean time to first token. (est.): some values come from an energy model or an interpolated split, not a measurement.");
        return text.ToString();
    }

    private static int Range(string option, int value, int low, int high) =>
        value >= low && value <= high ? value : throw new ArgumentException(Invariant($"{option}: {value} is not between {low} and {high}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
