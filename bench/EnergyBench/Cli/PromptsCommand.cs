using System.CommandLine;
using EnergyBench.Inference.Prompts;

namespace EnergyBench.Cli;

/// <summary><c>prompts build</c>: the HumanEval-derived prompt set, reproducible from its seed.</summary>
public static class PromptsCommand
{
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
        return new Command("prompts", "Prompt sets") { build };
    }
}
