namespace EnergyBench.Analysis.Roofline;

/// <summary>
/// One benchmark iteration's work: greedy generation of <see cref="NewTokens"/> tokens after each prompt. The prefill
/// of a prompt of P tokens yields the first new token; decode steps 1 .. N - 1 then each attend to P + k positions.
/// </summary>
public sealed record GenerationWorkload(IReadOnlyList<int> PromptTokens, int NewTokens)
{
    public int GeneratedTokens => PromptTokens.Count * NewTokens;
    public int DecodeSteps => PromptTokens.Count * (NewTokens - 1);

    /// <summary>The mean context of the decode steps: the mean prompt plus N / 2 (the mean of 1 .. N - 1).</summary>
    public double AverageDecodeContext => PromptTokens.Count == 0 ? 0 : PromptTokens.Average() + NewTokens / 2.0;

    /// <summary>Decode at batch 1 is bandwidth bound: tokens/s &lt;= bandwidth / (weight bytes + KV bytes at the average context).</summary>
    public double DecodeTokensPerSecondBound(ModelCost cost, double bytesPerSecond) =>
        bytesPerSecond / cost.DecodeBytes(AverageDecodeContext);

    /// <summary>
    /// The least time the whole iteration can take: each prefill at <paramref name="flopsPerSecond"/>, each decode step at
    /// <paramref name="bytesPerSecond"/>. Decode bytes grow linearly with the context, so N - 1 steps read
    /// (N - 1) x bytes at their mean context P + N / 2.
    /// </summary>
    public double GenerationSecondsBound(ModelCost cost, double bytesPerSecond, double flopsPerSecond) =>
        PromptTokens.Sum(p => cost.PrefillFlops(p) / flopsPerSecond + (NewTokens - 1) * cost.DecodeBytes(p + NewTokens / 2.0) / bytesPerSecond);

    /// <summary>Generated tokens per second if prefill ran at the compute bound and decode at the bandwidth bound.</summary>
    public double GenerationTokensPerSecondBound(ModelCost cost, double bytesPerSecond, double flopsPerSecond) =>
        GeneratedTokens / GenerationSecondsBound(cost, bytesPerSecond, flopsPerSecond);
}
