namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// A case's expected wall time and its parts, in seconds.
/// </summary>
/// <param name="Build">BenchmarkDotNet's build of the case's program.</param>
/// <param name="Load">Loading the model in the case's process.</param>
/// <param name="Setup">The setup's generations: the warm-up prompt, the guard's prompts, and the guard's reference (its model's load included).</param>
/// <param name="Pass">One pass over the prompt set.</param>
/// <param name="Passes">Passes after the setup: warm-up, measured iterations, memory pass.</param>
/// <param name="Idle">The idle windows before and after the case together.</param>
/// <param name="Basis">Where the speeds come from: the model timed here (or its twin), or "est. from model size".</param>
public sealed record CaseEstimate(double Build, double Load, double Setup, double Pass, int Passes, double Idle, string Basis)
{
    public double Seconds => Build + Load + Setup + Pass * Passes + Idle;
}
