using EnergyBench.Benchmarks;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Prompts;
using EnergyBench.Inference.Stopping;
using EnergyBench.Models;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Running;

/// <summary>
/// What a benchmark process would otherwise find 30-50 s later, after BenchmarkDotNet has built it, and report as a
/// stack trace: checked in the host before anything is built, from the same settings the benchmark processes read
/// (<see cref="BenchmarkSettings"/>). Every problem is an exception that <see cref="Cli.CliErrors"/> prints as one line.
/// </summary>
public static class Preflight
{
    /// <summary>BenchmarkDotNet's arguments that only print something; they need no model.</summary>
    private static readonly string[] PrintOnly = ["--list", "--help", "-h", "-?", "--version", "--info"];

    /// <summary>Whether BenchmarkDotNet is only asked to print something (a listing, its help, its version).</summary>
    public static bool PrintsOnly(IReadOnlyList<string> benchmarkArgs) => benchmarkArgs.Any(PrintOnly.Contains);

    public static void Run(IReadOnlyList<string> benchmarkArgs)
    {
        CheckOptions();
        if (PrintsOnly(benchmarkArgs))
            return;
        CheckWritable(ArtifactsFolder(benchmarkArgs));
        var models = BenchmarkSettings.Models.Select(Prepare).ToList();
        AnnounceStops(models);
        int maxNewTokens = BenchmarkSettings.MaxNewTokens.Max();
        foreach (string name in BenchmarkSettings.PromptSets)
        {
            var set = PromptSet.Load(name);
            foreach (var model in models)
            {
                CheckVocabulary(set, model);
                CheckLengths(set, model, maxNewTokens);
            }
        }
    }

    /// <summary>Every option value the benchmark processes and the meters read, parsed once here.</summary>
    public static void CheckOptions()
    {
        _ = BenchmarkSettings.Models;
        _ = BenchmarkSettings.PromptSets;
        _ = BenchmarkSettings.MaxNewTokens;
        _ = BenchmarkSettings.Threads;
        _ = BenchmarkSettings.BatchSizes;
        _ = BenchmarkSettings.Stops;
        foreach (string precision in BenchmarkSettings.Precisions)
            BenchmarkSettings.Guard(PrecisionNames.Parse(precision));
        if (Environment.GetEnvironmentVariable(SuiteConfig.BaselineConfigVariable) is { Length: > 0 } baseline
            && !ServingConfiguration.All.Any(c => c.ShortName == baseline))
            throw new ArgumentException($"{SuiteConfig.BaselineConfigVariable}: unknown serving configuration '{baseline}' " +
                                        $"(known: {string.Join(", ", ServingConfiguration.All.Select(c => c.ShortName))})");
        _ = MeterOptions.FromEnvironment();
    }

    /// <summary>Where BenchmarkDotNet will write: <c>--artifacts DIR</c>, else the suite's run folders.</summary>
    private static string ArtifactsFolder(IReadOnlyList<string> args) =>
        SuiteConfig.ArtifactsOption(args) ?? Path.GetFullPath(Path.Combine(SuitePaths.Artifacts, "runs"));

    private static void CheckWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{folder}: not writable, so the run cannot write its reports there ({e.Message}); " +
                                  "make it writable or give another folder with --artifacts DIR", e);
        }
    }

    /// <summary>Resolves a model, builds a synthetic preset that is not built yet, and loads its config, weights and tokenizer.</summary>
    internal static CheckedModel Prepare(string reference)
    {
        var model = ModelDirectory.Resolve(reference);
        if (model.IsUnbuiltSynthetic)
        {
            Console.WriteLine($"model {model.Name}: not built yet, building it into {model.Path}");
            SyntheticModelBuilder.EnsureBuilt(model.Name, progress: message => Console.WriteLine($"model {model.Name}: {message}"));
        }
        return model.Check();
    }

    /// <summary>
    /// Says once, here, when <c>--stop eos</c> cannot stop early on a model (it names no end token). Reading every
    /// model's end tokens also refuses a malformed generation_config.json before anything is built.
    /// </summary>
    private static void AnnounceStops(IReadOnlyList<CheckedModel> models)
    {
        var policies = BenchmarkSettings.Stops.Select(StopPolicyNames.Parse).ToList();
        if (policies.All(p => p == StopPolicy.Fixed))
            return;
        foreach (var model in models)
            if (EndTokens.Of(model.Directory).Count == 0 && policies.Contains(StopPolicy.Eos))
                Console.WriteLine($"note: {StopSetup.For(StopPolicy.Eos, model.Directory).Description}");
    }

    /// <summary>Refuses prompts whose tokens the model has no embedding for, before an engine indexes past its table.</summary>
    private static void CheckVocabulary(PromptSet set, CheckedModel model)
    {
        if (PromptVocabularyCheck.Find(set, model.Tokenizer, model.Config.VocabSize) is { } token)
            throw new ArgumentException($"{set.Path}:{token.Line}: {model.OutOfVocabulary(token.TokenId)}");
    }

    /// <summary>
    /// Refuses prompts that leave the model too little context for the new tokens (configurations and models would do
    /// unequal work); with <c>--allow-truncation</c> they run, are announced here, and each benchmark records them.
    /// </summary>
    private static void CheckLengths(PromptSet set, CheckedModel model, int maxNewTokens)
    {
        var overlong = PromptLengthCheck.Find(set, model.Tokenizer, model.ContextLength, maxNewTokens);
        if (overlong.Count == 0)
            return;
        var first = overlong.FirstOrDefault(p => p.PromptTokens >= model.ContextLength) ?? overlong[0];
        string problem = $"{set.Path}:{first.Line}: the prompt's {first.PromptTokens} tokens + {maxNewTokens} new tokens exceed " +
                         $"model {model.Directory.Name}'s context of {model.ContextLength} tokens";
        string scope = overlong.Count == 1 ? "" : $" (and {overlong.Count - 1} more of {set.Prompts.Count} prompts)";
        if (first.PromptTokens >= model.ContextLength)
            throw new ArgumentException($"{problem}{scope}; it leaves no room to generate: shorten the prompt or use a model with a longer context");
        if (!BenchmarkSettings.AllowTruncation)
            throw new ArgumentException($"{problem}{scope}, so it would generate {model.ContextLength - first.PromptTokens} tokens, not {maxNewTokens}, " +
                                        "and the work would not be equal: lower --max-new-tokens, shorten the prompts, or run anyway with --allow-truncation");
        Console.WriteLine($"warning: {problem}{scope}; --allow-truncation: such prompts generate fewer tokens, and each benchmark reports how many were cut short");
    }
}
