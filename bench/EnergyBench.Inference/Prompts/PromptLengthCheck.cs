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
    public static IReadOnlyList<OverlongPrompt> Find(PromptSet set, Tokenizer tokenizer, int contextLength, int maxNewTokens) =>
        set.Prompts
            .Select((prompt, index) => new OverlongPrompt(set.LineOf(index), tokenizer.CountTokens(prompt.Prompt)))
            .Where(prompt => prompt.PromptTokens + maxNewTokens > contextLength)
            .ToList();
}
