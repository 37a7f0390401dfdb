namespace EnergyBench.Analysis.Roofline;

/// <summary>The machine's measured limits: sustained read bandwidth and fp32 matmul throughput, each with how it was measured.</summary>
public sealed record MachineLimits(double BytesPerSecond, double FlopsPerSecond, string BandwidthMethod, string MatmulMethod);
