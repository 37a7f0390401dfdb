using EnergyBench.Diagnosers.Meters;
using EnergyBench.Inference.Equivalence;
using EnergyBench.Running;

namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// What every case of a run repeats, whatever its parameters: BenchmarkDotNet's warm-up and measured iterations, the
/// MemoryDiagnoser's extra pass, the meters' idle window (before and after each case; zero when the meters are off) and
/// the output-equivalence guard's prompts.
/// </summary>
/// <param name="WarmupCount">Warm-up iterations (<c>--warmupCount</c>; the suite's job has 1).</param>
/// <param name="IterationCount">Measured iterations (<c>--iterationCount</c>; the suite's job has 10).</param>
/// <param name="Idle">The meters' idle window, measured once before and once after each case (<c>--idle</c>).</param>
/// <param name="GuardPrompts">Prompts the guard generates in the case's configuration and in its reference (0: guard off).</param>
/// <param name="MemoryPass">Whether BenchmarkDotNet's MemoryDiagnoser runs its extra pass over the prompt set (the suite adds it).</param>
public sealed record CaseProtocol(int WarmupCount, int IterationCount, TimeSpan Idle, int GuardPrompts, bool MemoryPass = true)
{
    /// <summary>The suite's job and the meters' default idle window: what <c>./run.sh bench</c> runs without options.</summary>
    public static CaseProtocol Default { get; } =
        new(SuiteConfig.WarmupCount, SuiteConfig.IterationCount, MeterOptions.DefaultIdle, GuardOptions.DefaultPrompts);

    /// <summary>Passes over the prompt set after the setup: warm-up, measured iterations and the memory pass.</summary>
    public int Passes => WarmupCount + IterationCount + (MemoryPass ? 1 : 0);
}
