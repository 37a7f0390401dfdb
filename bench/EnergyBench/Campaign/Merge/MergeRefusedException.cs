namespace EnergyBench.Campaign.Merge;

/// <summary>The inputs differ in what matters (or measured a case twice): nothing was written.</summary>
public sealed class MergeRefusedException(string message, IReadOnlyList<string> reasons) : Exception(message)
{
    public IReadOnlyList<string> Reasons { get; } = reasons;
}
