namespace EnergyBench.Inference.Stopping;

/// <summary>
/// One sequence's stopping state. The generator tells it every generated token in order; once it answers true the
/// sequence is complete: that token is the last one generated and counted, and no further step is computed for it.
/// </summary>
public interface IStopCriterion
{
    bool Stops(int token);
}
