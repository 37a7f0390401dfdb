namespace EnergyBench.Campaign.Estimates;

/// <summary>How much a calibration times: few prompts and tokens, so that it stays short (well under a minute per CPU configuration on 2 cores).</summary>
/// <param name="Prompts">Prompts timed per reference model, spread over the prompt set.</param>
/// <param name="NewTokens">New tokens per prompt: the first ends the prefill, the others are decode steps.</param>
/// <param name="MaxReferenceParameters">Larger local models are not timed: they would make the calibration long.</param>
public sealed record CalibrationOptions(int Prompts = 5, int NewTokens = 16, long MaxReferenceParameters = 200_000_000)
{
    public static CalibrationOptions Default { get; } = new();
}
