using EnergyBench.Inference.Generation;

namespace EnergyBench.Campaign.Estimates;

/// <summary>Keeps the phases of every prompt a generator runs, for the calibration to average.</summary>
public sealed class PhaseLog : IPhaseObserver
{
    private readonly List<PromptPhases> _phases = [];

    public IReadOnlyList<PromptPhases> Phases => _phases;

    public void Observe(in PromptPhases phases) => _phases.Add(phases);
}
