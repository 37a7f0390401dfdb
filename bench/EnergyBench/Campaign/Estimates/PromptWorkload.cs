using System.Collections.Concurrent;
using EnergyBench.Inference.Prompts;

namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// How much a prompt set asks of a case: its prompts and their mean length in tokens, as the set's file records them
/// (<c>token_count</c>, counted with the tokenizer it was cut with, cl100k_base for the suite's sets; a model with
/// another tokenizer sees somewhat other lengths, which moves the short prefill share of a case only a little).
/// </summary>
public sealed record PromptWorkload(int Count, double MeanTokens)
{
    private static readonly ConcurrentDictionary<string, PromptWorkload> Loaded = new(StringComparer.Ordinal);

    /// <summary>The set's workload, read once per process; a missing or bad file throws the prompt set's own message.</summary>
    public static PromptWorkload Of(string promptSet) => Loaded.GetOrAdd(promptSet, name => From(PromptSet.Load(name)));

    public static PromptWorkload From(PromptSet set) =>
        new(set.Prompts.Count, set.Prompts.Average(p => (double)Math.Max(1, p.TokenCount)));
}
