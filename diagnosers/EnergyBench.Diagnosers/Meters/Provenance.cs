namespace EnergyBench.Diagnosers.Meters;

/// <summary>
/// Where a value comes from; the <c>source</c> column of the samples file. Energy is one of counter, integrated, wall
/// or estimated; the other metrics name the clock, the kernel's /proc files, NVML or the benchmark's own count.
/// </summary>
public static class Provenance
{
    /// <summary>Difference of a hardware energy counter (RAPL, NVML total energy).</summary>
    public const string Counter = "counter";
    /// <summary>Power samples integrated over time (NVML power where the GPU has no energy counter).</summary>
    public const string Integrated = "integrated";
    /// <summary>A wall-socket meter's power samples integrated over time.</summary>
    public const string Wall = "wall";
    /// <summary>A model (TDP x load), never a measurement.</summary>
    public const string Estimated = "estimated";
    /// <summary>
    /// A meter's energy split between windows shorter than it resolves, in proportion to their time (power taken as
    /// constant between two samples): the split is an estimate even when the meter measures.
    /// </summary>
    public const string Interpolated = "interpolated";
    public const string Clock = "clock";
    public const string Proc = "proc";
    public const string Nvml = "nvml";
    /// <summary>Counted by the benchmark itself (generated tokens).</summary>
    public const string Count = "count";

    /// <summary>Whether values from this source are an estimate (and so labelled in headers and titles).</summary>
    public static bool IsEstimate(string? provenance) => provenance is Estimated or Interpolated;

    /// <summary>The weakest of two energy provenances, for a sum: estimated beats integrated beats counter.</summary>
    public static string Weakest(string a, string b) => Rank(a) >= Rank(b) ? a : b;

    private static int Rank(string provenance) => provenance switch
    {
        Counter => 0,
        Integrated => 1,
        Wall => 2,
        _ => 3,
    };
}
