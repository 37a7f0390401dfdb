namespace EnergyBench.Analysis.Gate;

/// <summary>A quantity the gate compares, its samples metric and the unit thresholds are given in.</summary>
public sealed record GateMetric(string Name, string SamplesMetric, string Unit)
{
    public static readonly GateMetric Time = new("time", "time_s", "s");
    public static readonly GateMetric Energy = new("energy", "global_energy_j", "J");
    public static readonly GateMetric NetEnergy = new("net-energy", "net_energy_j", "J");
    public static readonly GateMetric EnergyPerToken = new("energy-per-token", "energy_per_token_j", "J");

    public static readonly IReadOnlyList<GateMetric> All = [Time, Energy, NetEnergy, EnergyPerToken];

    public static GateMetric Parse(string name) =>
        All.FirstOrDefault(m => m.Name == name.Trim())
        ?? throw new ArgumentException($"--metric: unknown metric '{name}' (known: {string.Join(", ", All.Select(m => m.Name))})");
}
