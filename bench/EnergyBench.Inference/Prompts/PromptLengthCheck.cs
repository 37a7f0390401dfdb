using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Prompts;

/// <summary>A prompt that leaves the model too little context for the new tokens asked of it.</summary>
public sealed record OverlongPrompt(int Line, int PromptTokens);

/// <summary>
/// Finds the prompts that would make configurations or models do unequal work: greedy generation stops at the model's
/// context, so a prompt of P tokens with N new tokens asked of a model that takes C tokens yields only C - P new tokens
/// when P + N &gt; C.
/// </summary>
public static class PromptLengthCheck
{
    /// <summary>Whether generation would stop at the context before <paramref name="maxNewTokens"/> new tokens.</summary>
    public static bool IsCut(int promptTokens, int maxNewTokens, int contextLength) => promptTokens + maxNewTokens > contextLength;

    public static IReadOnlyList<OverlongPrompt> Find(PromptSet set, Tokenizer tokenizer, int contextLength, int maxNewTokens) =>
        set.Prompts
            .Select((prompt, index) => new OverlongPrompt(set.LineOf(index), tokenizer.CountTokens(prompt.Prompt)))
            .Where(prompt => IsCut(prompt.PromptTokens, maxNewTokens, contextLength))
            .ToList();

    /// <summary>How many tokenized prompts generate fewer than <paramref name="maxNewTokens"/> tokens (a run with --allow-truncation), or null.</summary>
    public static string? Describe(IReadOnlyList<int[]> prompts, int maxNewTokens, int contextLength) =>
        prompts.Count(p => IsCut(p.Length, maxNewTokens, contextLength)) is var count and > 0
            ? $"{count} of {prompts.Count} prompts generate fewer than {maxNewTokens} new tokens (context {contextLength}; --allow-truncation)"
            : null;
}
