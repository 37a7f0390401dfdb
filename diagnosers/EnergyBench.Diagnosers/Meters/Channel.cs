using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Meters;

/// <summary>One value a meter reads at each sample, e.g. <c>rapl.energy_j</c> (a counter in joules).</summary>
public sealed record Channel(string Name, SeriesKind Kind, string Unit);
