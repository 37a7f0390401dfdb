namespace EnergyBench.Campaign.Merge;

/// <summary>A case of an input's plan that the merged run does not have, and why.</summary>
public sealed record UnmergedCase(PlannedCase Case, MergeInput Input, string Reason);

/// <summary>What a merge wrote and what it left out.</summary>
/// <param name="Differences">How the inputs differed (merged anyway with --force); empty when they agreed.</param>
/// <param name="Unmerged">Cases of the inputs' plans that were never started, or not ended (their shard must be resumed first).</param>
/// <param name="Absent">How many cases of the whole plan are in no input's plan.</param>
/// <param name="MissingShards">The shards (<c>i/n</c>) of the plan that no input holds.</param>
public sealed record MergeResult(string Output, IReadOnlyList<MergeInput> Inputs, IReadOnlyList<PlannedCase> Merged,
    IReadOnlyList<string> Differences, IReadOnlyList<UnmergedCase> Unmerged, int Absent, IReadOnlyList<string> MissingShards);
