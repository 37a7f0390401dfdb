namespace EnergyBench.Inference.Stopping;

/// <summary>A stop policy for a model: a fresh <see cref="IStopCriterion"/> for each prompt.</summary>
public interface IStopRule
{
    IStopCriterion Start(ReadOnlySpan<int> promptIds);
}
