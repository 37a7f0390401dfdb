namespace EnergyBench.Models;

/// <summary>
/// The study's model size categories by parameter count: 1 below 0.8B (its 110M-560M models), 2 from 0.8B to
/// below 1.8B (its 1B-1.4B models), 3 from 1.8B (its 2B-3B models).
/// </summary>
public static class SizeCategory
{
    public const long Category2From = 800_000_000;
    public const long Category3From = 1_800_000_000;

    public static int Of(long parameterCount) =>
        parameterCount >= Category3From ? 3 : parameterCount >= Category2From ? 2 : 1;
}
