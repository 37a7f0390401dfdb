using System.CommandLine;
using System.Globalization;
using EnergyBench.Inference.Prompts;
using EnergyBench.Models;
using EnergyBench.Models.Synthetic;
using EnergyBench.Running;

namespace EnergyBench.Cli;

/// <summary>
/// <c>prompts build</c>: the HumanEval-derived prompt set, reproducible from its seed. <c>prompts lengths</c>: sets of
/// prompts of exactly N tokens in a model's own tokenizer, for the prompt-length sweep.
/// </summary>
public static class PromptsCommand
{
    public const string DefaultLengths = "16,64,128,192";

    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "HumanEval JSONL(.gz) file", DefaultValueFactory = _ => HumanEvalSource.DefaultPath };
        var output = new Option<string>("--out") { Description = "prompt set to write", DefaultValueFactory = _ => PromptSet.ResolvePath(PromptSet.DefaultName) };
        var seed = new Option<ulong>("--seed") { Description = "seed of the window sampling", DefaultValueFactory = _ => PromptSetBuilder.DefaultSeed };
        var build = new Command("build", "Sample one 10-15 token window from each HumanEval problem") { source, output, seed };
        build.SetAction(result => CliErrors.Guard(() =>
        {
            var set = PromptSetBuilder.Build(result.GetValue(source)!, result.GetValue(output)!, result.GetValue(seed));
            set.Save();
            Console.WriteLine($"{set.Path}: {set.Prompts.Count} prompts, {set.Prompts.Sum(p => p.TokenCount)} tokens (seed {result.GetValue(seed)})");
            return 0;
        }));
        return new Command("prompts", "Prompt sets") { build, Lengths() };
    }

    private static Command Lengths()
    {
        var model = new Option<string>("--model") { Description = "the model whose tokenizer counts the tokens (name, preset or directory)", DefaultValueFactory = _ => ModelPreset.Default };
        var tokens = new Option<string>("--tokens") { Description = "prompt lengths in tokens, comma-separated", DefaultValueFactory = _ => DefaultLengths };
        var count = new Option<int>("--count") { Description = "prompts per length", DefaultValueFactory = _ => 16 };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "new tokens the prompts must leave room for in the model's context", DefaultValueFactory = _ => 32 };
        var source = new Option<string>("--source") { Description = "HumanEval JSONL(.gz) file", DefaultValueFactory = _ => HumanEvalSource.DefaultPath };
        var seed = new Option<ulong>("--seed") { Description = "seed of the problems' order", DefaultValueFactory = _ => PromptLengthBuilder.DefaultSeed };
        var outDir = new Option<string>("--out-dir") { Description = "folder for the sets (MODEL-N.jsonl)", DefaultValueFactory = _ => Path.Combine(SuitePaths.Prompts, "lengths") };
        var command = new Command("lengths", "Prompt sets of exactly N tokens in a model's own tokenizer, cut from HumanEval problems (long ones from concatenated problems)")
        {
            model, tokens, count, maxNewTokens, source, seed, outDir,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var sets = BuildLengths(result.GetValue(model)!, ParseLengths(result.GetValue(tokens)!), result.GetValue(count), result.GetValue(maxNewTokens),
                result.GetValue(seed), result.GetValue(source)!, result.GetValue(outDir)!);
            foreach (var (length, set) in sets)
                Console.WriteLine($"{set.Path}: {set.Prompts.Count} prompts of {length} tokens ({set.Prompts[0].Tokenizer})");
            return 0;
        }));
        return command;
    }

    /// <summary>Builds and saves one set per length, after refusing lengths the model's context cannot hold with the new tokens.</summary>
    internal static IReadOnlyList<(int Tokens, PromptSet Set)> BuildLengths(string modelReference, IReadOnlyList<int> lengths, int count, int maxNewTokens,
        ulong seed, string source, string outDir)
    {
        if (maxNewTokens < 1)
            throw new ArgumentException($"--max-new-tokens: {maxNewTokens} is not a token count (1 or more)");
        if (!File.Exists(source))
            throw new FileNotFoundException($"{source}: HumanEval source not found (give --source)", source);
        var checkedModel = Preflight.Prepare(modelReference);
        PromptLengthBuilder.CheckFits(lengths, maxNewTokens, checkedModel.ContextLength, checkedModel.Directory.Name);
        var problems = HumanEvalSource.Load(source);
        var builder = PromptLengthBuilder.ForModel(checkedModel.Directory);
        var sets = new List<(int, PromptSet)>();
        foreach (int tokens in lengths)
        {
            var set = builder.Build(problems, tokens, count, seed, Path.GetFullPath(Path.Combine(outDir, PromptLengthBuilder.FileName(checkedModel.Directory.Name, tokens))));
            set.Save();
            sets.Add((tokens, set));
        }
        return sets;
    }

    /// <summary>"16,64,256" -> [16, 64, 256], ascending and distinct; anything else fails naming --tokens.</summary>
    public static IReadOnlyList<int> ParseLengths(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var lengths = new List<int>();
        foreach (string part in parts)
            lengths.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
                ? n
                : throw new ArgumentException($"--tokens: '{part}' is not a prompt length; give token counts like 16,64,256"));
        if (lengths.Count == 0)
            throw new ArgumentException("--tokens: no prompt length given; give token counts like 16,64,256");
        return lengths.Distinct().Order().ToList();
    }
}
