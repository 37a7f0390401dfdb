using EnergyBench.Benchmarks;
using EnergyBench.Diagnosers.Meters;

namespace EnergyBench.Campaign;

/// <summary>
/// A measurement protocol: the suite options a preset adds to the command line (options given there win).
/// <c>quick</c> is the suite's defaults (the default model, 164 prompts, 1 warm-up + 10 iterations, 10 s idle windows).
/// <c>paper</c> is the study's protocol: its twelve models, all 164 prompts, 1 warm-up + 10 measured iterations per
/// case, a 5-minute idle window before and after each case (cooldown and idle baseline), cases in a random order.
/// </summary>
public sealed record Protocol(string Name, IReadOnlyList<(string Option, string Value)> Defaults, string DefaultOrder)
{
    public static readonly Protocol Quick = new("quick", [], CaseOrder.Plan);

    public static readonly Protocol Paper = new("paper",
    [
        ("--models", "study"),
        ("--prompts", Inference.Prompts.PromptSet.DefaultName),
        ("--idle", "300s"),
        ("--iterationCount", "10"),
        ("--warmupCount", "1"),
    ], CaseOrder.Random);

    public static Protocol Parse(string text) => text switch
    {
        "quick" => Quick,
        "paper" => Paper,
        _ => throw new ArgumentException($"--protocol '{text}': expected quick or paper"),
    };

    /// <summary>The preset's options that the command line does not set itself, then the command line.</summary>
    public List<string> Apply(IReadOnlyList<string> args)
    {
        var added = new List<string>();
        foreach (var (option, value) in Defaults)
            if (!args.Contains(option) && !(option == "--idle" && Environment.GetEnvironmentVariable(MeterOptions.IdleVariable) is { Length: > 0 })
                && !(option == "--models" && Environment.GetEnvironmentVariable(BenchmarkSettings.ModelsVariable) is { Length: > 0 }))
                added.AddRange([option, value]);
        return [.. added, .. args];
    }
}
