using EnergyBench.Campaign;

namespace EnergyBench.Tests;

/// <summary>A four-case plan, each case estimated at 100 s, and the records its cases end with.</summary>
public static class CampaignScript
{
    public static readonly PlannedCase[] Cases =
    [
        Case(3, "onnx-cpu", "gpt2-tiny"),
        Case(0, "torch-cpu", "gpt2-tiny"),
        Case(2, "onnx-cpu (Threads=2)", "/models/codeparrot-small-synthetic/"),
        Case(1, "jit-cpu", "gpt2-tiny"),
    ];

    public static CampaignPlan Plan(double estimateSeconds = 100) =>
        new("paper", "random", 7, null, [], new Dictionary<string, string>(), "abc123", "calibration", Cases.Length,
            Cases.Select(c => c with { EstimateSeconds = estimateSeconds }).ToList());

    public static CaseRecord Ended(PlannedCase plannedCase, CaseOutcome outcome, double? seconds = null, string? reason = null) =>
        new(plannedCase.Key, plannedCase.Label, plannedCase.Model, plannedCase.Configuration, outcome, 1,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, seconds, reason);

    private static PlannedCase Case(int index, string label, string model) =>
        new(index, $"Key{index}", "Bench", label.Split(' ')[0], model, new Dictionary<string, string>(), label);
}
