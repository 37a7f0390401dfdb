using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Analysis.Performance;

/// <summary>
/// One configuration x model of a performance run: speed against the roofline, the suite's own share of the time,
/// managed allocations, memory against the weights, and the cost of measuring. A figure the run could not give is null.
/// </summary>
/// <param name="NonForwardShare">Median over iterations of the share of iteration time spent outside the engine's forward call.</param>
/// <param name="AllocatedBytes">Managed bytes allocated per iteration (BenchmarkDotNet's MemoryDiagnoser).</param>
/// <param name="RssMib">Median over iterations of the process's mean resident memory during the iteration.</param>
/// <param name="PeakRssMib">The process's resident high-water mark (VmHWM), the highest read at any iteration.</param>
/// <param name="RuntimeRssMib">The process's RSS once the engine's runtime was loaded, before the weights; null when not reported.</param>
/// <param name="WeightBytes">The model's parameters at the precision it ran in.</param>
/// <param name="MeterOverhead">Time per token with meters over without, minus 1, with its bootstrap interval.</param>
public sealed record PerformanceRow(string Configuration, string Model, int Iterations, double TokensPerSecond, double DecodeShare,
    double? NonForwardShare, double? AllocatedBytes, double? RssMib, double? PeakRssMib, long WeightBytes, MeterOverhead? MeterOverhead,
    double? RuntimeRssMib = null)
{
    public double? RssPerWeightByte => RssMib is { } rss ? rss * 1024 * 1024 / WeightBytes : null;
    /// <summary>What the weights and the engine's copies and buffers add to the runtime's fixed RSS, over the weight bytes.</summary>
    public double? RssAboveRuntimePerWeightByte => RssMib is { } rss && RuntimeRssMib is { } runtime ? (rss - runtime) * 1024 * 1024 / WeightBytes : null;
    public double? PeakRssPerWeightByte => PeakRssMib is { } peak ? peak * 1024 * 1024 / WeightBytes : null;
}
