using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Prompts;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Benchmarks;

/// <summary>
/// The benchmark parameters that come from the environment, so that <c>./run.sh bench --models ...</c> reaches the
/// benchmark processes BenchmarkDotNet starts (they inherit the host's environment and re-read these sources).
/// </summary>
public static class BenchmarkSettings
{
    public const string ModelsVariable = "BENCH_MODELS";
    public const string PromptsVariable = "BENCH_PROMPTS";
    public const string MaxNewTokensVariable = "BENCH_MAX_NEW_TOKENS";
    public const string ThreadsVariable = "BENCH_THREADS";
    public const int DefaultMaxNewTokens = 32;

    public static IReadOnlyList<string> Models => List(ModelsVariable, ModelPreset.Default);

    public static IReadOnlyList<string> PromptSets => List(PromptsVariable, PromptSet.DefaultName);

    public static IReadOnlyList<int> MaxNewTokens =>
        List(MaxNewTokensVariable, DefaultMaxNewTokens.ToString()).Select(v => int.TryParse(v, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{MaxNewTokensVariable}: '{v}' is not a positive integer")).ToList();

    public static EngineOptions EngineOptions =>
        Environment.GetEnvironmentVariable(ThreadsVariable) is { Length: > 0 } text
            ? new EngineOptions(int.TryParse(text, out int threads) && threads > 0
                ? threads
                : throw new ArgumentException($"{ThreadsVariable}: '{text}' is not a positive integer"))
            : EngineOptions.Default;

    private static IReadOnlyList<string> List(string variable, string fallback) =>
        (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback)
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
