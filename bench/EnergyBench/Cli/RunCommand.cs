using EnergyBench.Inference.Prompts;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Cli;

/// <summary>
/// The default job: make sure the default model and prompt set exist, run every serving configuration on them, then
/// analyse the run.
/// Extra arguments go to BenchmarkDotNet as with <c>bench</c>.
/// </summary>
public static class RunCommand
{
    public static int Run(string[] args) => CliErrors.Guard(() =>
    {
        var model = SyntheticModelBuilder.EnsureBuilt(ModelPreset.Default, progress: m => Console.WriteLine($"model {ModelPreset.Default}: {m}"));
        Console.WriteLine($"model: {model.Path}");
        string prompts = PromptSet.ResolvePath(PromptSet.DefaultName);
        if (!File.Exists(prompts))
            PromptSetBuilder.Build(HumanEvalSource.DefaultPath, prompts).Save();
        Console.WriteLine($"prompts: {prompts}");
        // Every configuration, in one joined table so they can be compared at a glance.
        string[] benchArgs = args.Contains("--filter") || args.Contains("-f") ? args : ["--filter", "*", .. args];
        if (!benchArgs.Contains("--join"))
            benchArgs = [.. benchArgs, "--join"];
        return BenchCommand.Run(benchArgs, analyze: true);
    });
}
