namespace EnergyBench.Campaign;

// Temporary stand-ins until the estimator and dry-run table land.
public sealed class CaseEstimator
{
    public string Source { get; private init; } = "";
    public double Seconds(PlannedCase c) => 0;
    public static CaseEstimator Calibrated(IReadOnlyList<PlannedCase> cases, Action<string> progress) => new() { Source = "none" };
    public static CaseEstimator FromModelSize(IReadOnlyList<PlannedCase> cases) => new() { Source = "none" };
}

public static class DryRunTable
{
    public static void Write(TextWriter writer, CampaignPlan plan)
    {
        foreach (var c in plan.Cases)
            writer.WriteLine($"{c.Index:000} {c.Label} {c.Model} {c.EstimateSeconds:0}s");
    }
}
