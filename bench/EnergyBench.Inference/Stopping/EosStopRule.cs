namespace EnergyBench.Inference.Stopping;

/// <summary><c>--stop eos</c>: a sequence ends at one of the model's end tokens, which is generated and counted.</summary>
public sealed class EosStopRule(IReadOnlySet<int> endTokens) : IStopRule
{
    public IStopCriterion Start(ReadOnlySpan<int> promptIds) => new Criterion(endTokens);

    private sealed class Criterion(IReadOnlySet<int> endTokens) : IStopCriterion
    {
        public bool Stops(int token) => endTokens.Contains(token);
    }
}
