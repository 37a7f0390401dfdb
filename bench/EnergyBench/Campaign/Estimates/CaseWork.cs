using System.Globalization;
using EnergyBench.Benchmarks;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Prompts;
using EnergyBench.Inference.Stopping;

namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// What one case does, in the units its time depends on: which model in which configuration and precision, how many
/// prompts of what length, how many new tokens each, in groups of how many, how many passes over the set.
/// </summary>
/// <param name="Method"><c>Generate</c>, or <c>Prefill</c> (one new token per prompt: the prefill alone).</param>
/// <param name="MaxNewTokens">New tokens per prompt asked for. With <c>eos</c> or <c>code</c> stopping a prompt may stop
/// sooner; the work is counted in full, so an estimate is an upper bound there.</param>
public sealed record CaseWork(ServingConfiguration Configuration, string Model, long Parameters, Precision Precision, string Method,
    PromptWorkload Prompts, int MaxNewTokens, int BatchSize, int Threads, string Stop, CaseProtocol Protocol)
{
    public const string GenerateMethod = nameof(ServingBenchmark.Generate);
    public const string PrefillMethod = nameof(ServingBenchmark.Prefill);
    public const string MethodParameter = "Method";

    /// <summary>Bytes of weights one forward pass reads: every parameter once, in the precision the engine computes in.</summary>
    public double WeightBytes => (double)Parameters * Precision.Bytes();

    /// <summary>New tokens per prompt in a measured pass.</summary>
    public int NewTokens => Method == PrefillMethod ? 1 : MaxNewTokens;

    public static CaseWork Of(PlannedCase plannedCase, CaseProtocol protocol)
    {
        var parameters = plannedCase.Parameters;
        string Text(string name, string fallback) => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : fallback;
        int Count(string name, int fallback) =>
            !parameters.TryGetValue(name, out var value) ? fallback
            : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n
            : throw new ArgumentException($"case {plannedCase.Index} ({plannedCase.Label}): {name} '{value}' is not a positive integer");

        string method = Text(MethodParameter, GenerateMethod);
        if (method is not (GenerateMethod or PrefillMethod))
            throw new ArgumentException($"case {plannedCase.Index} ({plannedCase.Label}): method '{method}' is not {GenerateMethod} or {PrefillMethod}");
        return new CaseWork(
            ServingConfiguration.Parse(plannedCase.Configuration),
            plannedCase.Model,
            ModelSize.ParametersOf(plannedCase.Model),
            PrecisionNames.Parse(Text(nameof(ServingBenchmark.Precision), Precision.Fp32.Name())),
            method,
            PromptWorkload.Of(Text(nameof(ServingBenchmark.Prompts), PromptSet.DefaultName)),
            Count(nameof(ServingBenchmark.MaxNewTokens), BenchmarkSettings.DefaultMaxNewTokens),
            Count(nameof(ServingBenchmark.BatchSize), 1),
            Count(nameof(ServingBenchmark.Threads), EngineOptions.Default.IntraOpThreads),
            Text(nameof(ServingBenchmark.Stop), StopPolicy.Fixed.Name()),
            protocol);
    }
}
