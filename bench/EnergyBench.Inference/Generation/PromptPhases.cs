using System.Diagnostics;

namespace EnergyBench.Inference.Generation;

/// <summary>
/// The two phases of one prompt's generation (or one batch's) on the <see cref="Stopwatch"/> clock: prefill from the
/// call's start until the first new token is known (the prompt through the model, the KV cache built, its logits read
/// and argmaxed), decode from there until the last token is known. <see cref="PromptTokens"/> counts the prompt's real
/// tokens (not padding); <see cref="DecodeTokens"/> the tokens the decode steps produced (every row's tokens after its first).
/// </summary>
public readonly record struct PromptPhases(long Start, long FirstToken, long Stop, int PromptTokens, int DecodeTokens);

/// <summary>Told the phases of every prompt (or batch) a generator runs; must be cheap, it runs inside the measured loop.</summary>
public interface IPhaseObserver
{
    void Observe(in PromptPhases phases);
}
