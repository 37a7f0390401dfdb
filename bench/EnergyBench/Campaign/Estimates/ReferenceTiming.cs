namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// One reference model timed in one serving configuration by the calibration (fp32, batch 1).
/// </summary>
/// <param name="Model">The model as named for the calibration (<c>gpt2-tiny</c>, <c>codeparrot-small-synthetic</c>).</param>
/// <param name="ShapeName">The name its shapes go by (<see cref="ModelSize.ShapeName"/>): a twin's measurement stands for its study model.</param>
/// <param name="Parameters">Its parameter count.</param>
/// <param name="LoadSeconds">Creating the engine: reading the weights, building the session (native initialisation included, as in a case's process).</param>
/// <param name="PrefillSeconds">Prefill of one prompt (the median over the prompts timed): the prompt through the model until its first new token is known.</param>
/// <param name="PromptTokens">Mean length of the prompts timed.</param>
/// <param name="DecodeSecondsPerToken">Decode time per new token after the first (the median over the prompts timed).</param>
public sealed record ReferenceTiming(string Model, string ShapeName, long Parameters, double LoadSeconds, double PrefillSeconds,
    double PromptTokens, double DecodeSecondsPerToken)
{
    /// <summary>Bytes of weights at fp32, the precision the calibration runs in.</summary>
    public double WeightBytes => Parameters * 4.0;

    /// <summary>
    /// What one more token in a forward pass costs, as a share of a one-token step: a prompt of n tokens takes a step
    /// x (1 + (n - 1) x share). Zero when the prefill was no slower than a step.
    /// </summary>
    public double ExtraTokenShare => PromptTokens > 1 ? Math.Max(0, (PrefillSeconds / DecodeSecondsPerToken - 1) / (PromptTokens - 1)) : 0;
}
