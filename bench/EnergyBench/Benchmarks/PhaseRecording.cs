using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Inference.Generation;

namespace EnergyBench.Benchmarks;

/// <summary>Hands the generator's prefill and decode timestamps to the iteration in progress (<see cref="IterationRecorder.AddPhases"/>).</summary>
internal sealed class PhaseRecording : IPhaseObserver
{
    public static readonly PhaseRecording Instance = new();

    public void Observe(in PromptPhases phases) =>
        IterationRecorder.AddPhases(new PhaseWindow(phases.Start, phases.FirstToken, phases.Stop, phases.PromptTokens, phases.DecodeTokens));
}
