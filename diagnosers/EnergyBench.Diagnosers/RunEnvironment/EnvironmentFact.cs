namespace EnergyBench.Diagnosers.RunEnvironment;

/// <summary>
/// One fact about the machine or the suite that energy results depend on (CPU model, governor, RAPL power limit, GPU
/// clocks, suite commit...): its value, or why it could not be read. Never a guess.
/// </summary>
public sealed record EnvironmentFact(string Group, string Name, string? Value, string? NotAvailable = null)
{
    public static EnvironmentFact Of(string group, string name, string? value, string reason) =>
        value is { Length: > 0 } v ? new(group, name, v.Trim(), null) : new(group, name, null, reason);

    public override string ToString() => $"{Group} {Name}: {Value ?? "n/a (" + NotAvailable + ")"}";
}
