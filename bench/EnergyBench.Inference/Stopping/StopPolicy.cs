namespace EnergyBench.Inference.Stopping;

/// <summary>
/// When a generated sequence ends. <see cref="Fixed"/> generates exactly <c>max_new_tokens</c>, the same work in every
/// configuration; <see cref="Eos"/> ends at the model's end token; <see cref="Code"/> ends where a code completion is
/// complete (<see cref="CodeBlockEnd"/>) or at the end token.
/// </summary>
public enum StopPolicy
{
    Fixed,
    Eos,
    Code,
}

public static class StopPolicyNames
{
    public static readonly IReadOnlyList<StopPolicy> All = [StopPolicy.Fixed, StopPolicy.Eos, StopPolicy.Code];

    /// <summary>"fixed", "eos", "code": the name <c>--stop</c> takes and reports show.</summary>
    public static string Name(this StopPolicy policy) => policy.ToString().ToLowerInvariant();

    public static StopPolicy Parse(string name)
    {
        foreach (var policy in All)
            if (policy.Name() == name.Trim().ToLowerInvariant())
                return policy;
        throw new ArgumentException($"unknown stop policy '{name}' (known: {string.Join(", ", All.Select(p => p.Name()))})");
    }
}
