using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Stopping;

/// <summary>
/// <c>--stop code</c>: a sequence ends at one of the model's end tokens or where its text completes the code block
/// (<see cref="CodeBlockEnd"/>); the token that completes it is the last one generated and counted.
/// </summary>
public sealed class CodeStopRule(Tokenizer tokenizer, IReadOnlySet<int> endTokens) : IStopRule
{
    public IStopCriterion Start(ReadOnlySpan<int> promptIds)
    {
        var text = new IncrementalDetokenizer(tokenizer, promptIds);
        return new Criterion(text, new CodeBlockEnd(text.PromptText), endTokens);
    }

    private sealed class Criterion(IncrementalDetokenizer text, CodeBlockEnd block, IReadOnlySet<int> endTokens) : IStopCriterion
    {
        public bool Stops(int token) => endTokens.Contains(token) || block.Add(text.Add(token));
    }
}
