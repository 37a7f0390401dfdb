using System.Globalization;

namespace EnergyBench.Diagnosers.Meters.Estimate;

/// <summary>
/// CPU power estimated from system CPU load when no energy counter can be read, after CodeCarbon's "cpu_load" model:
/// P = TDP x (0.1 + 0.9 x load^3), load in [0, 1] (an idle floor of 10 % of TDP, rising steeply towards TDP at full
/// load). Without a user TDP it assumes 4 W per logical CPU, CodeCarbon's default for a CPU missing from its table.
/// Every value it yields is an estimate and is labelled so.
/// </summary>
public sealed record TdpLoadModel(double TdpWatts, string Basis)
{
    public const double IdleShare = 0.1;
    public const double WattsPerLogicalCpu = 4;

    public static TdpLoadModel Create(double? userTdpWatts, int logicalCpus) => userTdpWatts is { } tdp
        ? new TdpLoadModel(tdp, string.Create(CultureInfo.InvariantCulture, $"TDP {tdp:0.#} W (--tdp) x (0.1 + 0.9 x load^3)"))
        : new TdpLoadModel(WattsPerLogicalCpu * logicalCpus, string.Create(CultureInfo.InvariantCulture,
            $"TDP {WattsPerLogicalCpu * logicalCpus:0.#} W = 4 W x {logicalCpus} logical CPUs, a generic guess (set --tdp) x (0.1 + 0.9 x load^3)"));

    /// <summary>Estimated CPU power at a system load between 0 and 1.</summary>
    public double Watts(double load)
    {
        double clamped = Math.Clamp(load, 0, 1);
        return TdpWatts * (IdleShare + (1 - IdleShare) * clamped * clamped * clamped);
    }
}
