using System.Globalization;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Equivalence;
using EnergyBench.Inference.Prompts;
using EnergyBench.Inference.Stopping;
using EnergyBench.Models.Registry;
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
    public const string PrecisionVariable = "BENCH_PRECISION";
    public const string BatchSizeVariable = "BENCH_BATCH_SIZE";
    public const string StopVariable = "BENCH_STOP";
    public const string GuardPromptsVariable = "BENCH_GUARD_PROMPTS";
    public const string GuardTokensVariable = "BENCH_GUARD_TOKENS";
    public const string GuardShareVariable = "BENCH_GUARD_SHARE";
    public const string GuardReferenceVariable = "BENCH_GUARD_REFERENCE";
    public const string AllowTruncationVariable = "BENCH_ALLOW_TRUNCATION";
    public const string PrefillBenchmarkVariable = "BENCH_PREFILL_BENCHMARK";
    public const int DefaultMaxNewTokens = 32;

    /// <summary>The models to run, with selectors (<c>category1</c> ... <c>study</c>) and hub ids turned into study model names.</summary>
    public static IReadOnlyList<string> Models => ModelRegistry.Expand(List(ModelsVariable, ModelPreset.Default));

    public static IReadOnlyList<string> PromptSets => List(PromptsVariable, PromptSet.DefaultName);

    public static IReadOnlyList<int> MaxNewTokens =>
        List(MaxNewTokensVariable, DefaultMaxNewTokens.ToString()).Select(v => Positive(MaxNewTokensVariable, v)).ToList();

    public static IReadOnlyList<string> Precisions =>
        List(PrecisionVariable, Precision.Fp32.Name()).Select(v => Named(PrecisionVariable, v, PrecisionNames.Parse).Name()).ToList();

    public static IReadOnlyList<int> Threads =>
        List(ThreadsVariable, EngineOptions.Default.IntraOpThreads.ToString()).Select(v => Positive(ThreadsVariable, v)).ToList();

    /// <summary>Prompts decoded together (1, the study's setting, unless asked): see <see cref="ServingBenchmark.BatchSize"/>.</summary>
    public static IReadOnlyList<int> BatchSizes =>
        List(BatchSizeVariable, "1").Select(v => Positive(BatchSizeVariable, v)).ToList();

    /// <summary>The stop policies to run (<c>fixed</c>, the study's equal work, unless asked): see <see cref="ServingBenchmark.Stop"/>.</summary>
    public static IReadOnlyList<string> Stops =>
        List(StopVariable, StopPolicy.Fixed.Name()).Select(v => Named(StopVariable, v, StopPolicyNames.Parse).Name()).ToList();

    /// <summary>
    /// Whether a prompt may be longer than the model's context leaves room for (<c>--allow-truncation</c>): such a prompt
    /// generates fewer tokens, so the run does less work than asked; it is then reported rather than refused.
    /// </summary>
    public static bool AllowTruncation => Value(AllowTruncationVariable) is "1" or "true";

    /// <summary>Whether the <see cref="ServingBenchmark.Prefill"/> benchmark runs beside Generate (<c>--prefill-benchmark</c>).</summary>
    public static bool PrefillBenchmark => Value(PrefillBenchmarkVariable) is "1" or "true";

    /// <summary>The guard's settings: the defaults for <paramref name="precision"/>, each overridable from the environment.</summary>
    public static GuardOptions Guard(Precision precision)
    {
        var guard = GuardOptions.Default(precision);
        if (Value(GuardPromptsVariable) is { } prompts)
            guard = guard with { Prompts = int.TryParse(prompts, out int n) && n >= 0 ? n : throw new ArgumentException($"{GuardPromptsVariable}: '{prompts}' is not a count (0 or more)") };
        if (Value(GuardTokensVariable) is { } tokens)
            guard = guard with { Tokens = tokens == "all" ? null : Positive(GuardTokensVariable, tokens) };
        if (Value(GuardShareVariable) is { } share)
            guard = guard with
            {
                RequiredShare = double.TryParse(share, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s is > 0 and <= 1
                    ? s
                    : throw new ArgumentException($"{GuardShareVariable}: '{share}' is not a share in (0, 1]"),
            };
        if (Value(GuardReferenceVariable) is { } reference)
            guard = guard with { Reference = Named(GuardReferenceVariable, reference, ServingConfiguration.Parse) };
        return guard;
    }

    /// <summary>Parses with <paramref name="parse"/>, naming the variable in the message of a value it rejects.</summary>
    private static T Named<T>(string variable, string text, Func<string, T> parse)
    {
        try
        {
            return parse(text);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{variable}: {e.Message}", e);
        }
    }

    private static int Positive(string variable, string text) =>
        int.TryParse(text, out int n) && n > 0 ? n : throw new ArgumentException($"{variable}: '{text}' is not a positive integer");

    private static string? Value(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value.Trim() : null;

    private static IReadOnlyList<string> List(string variable, string fallback) =>
        (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback)
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
