namespace EnergyBench.Campaign.Estimates;

/// <summary>One shard of a partitioned plan: its cases and their estimated time together.</summary>
public sealed record ShardTotal(ShardSpec Shard, int Cases, double Seconds);
