using System.Text.Json;

namespace EnergyBench.Campaign;

/// <summary>
/// <c>campaign.json</c>: everything needed to run, resume, shard and merge a campaign, written before its first case.
/// </summary>
/// <param name="Protocol">The protocol preset (<c>quick</c>, <c>paper</c>).</param>
/// <param name="Order"><c>random</c> (shuffled with <paramref name="Seed"/>) or <c>plan</c> (BenchmarkDotNet's order).</param>
/// <param name="Seed">The shuffle's seed, recorded so the order can be reproduced.</param>
/// <param name="Shard"><c>i/n</c> when this run holds one shard of the plan; null for the whole plan.</param>
/// <param name="Arguments">The command line after the verb, as given: a resume runs with exactly these.</param>
/// <param name="Settings">Every <c>BENCH_*</c> variable the run read (options and environment), by name.</param>
/// <param name="SuiteVersion">The suite's commit (with " (modified)" for a changed work tree), or null when unknown.</param>
/// <param name="EstimateSource">How the cases' estimates were made (a calibration on this machine, or model size alone).</param>
/// <param name="PlanCaseCount">Cases in the whole plan, every shard together.</param>
/// <param name="Cases">This run's cases, in the order they run.</param>
/// <param name="MergedFrom">For a merged run, the run directories it was made from.</param>
public sealed record CampaignPlan(string Protocol, string Order, int Seed, string? Shard, IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Settings, string? SuiteVersion, string EstimateSource, int PlanCaseCount,
    IReadOnlyList<PlannedCase> Cases, IReadOnlyList<string>? MergedFrom = null)
{
    public const int CurrentFormat = 1;

    /// <summary>The case time limit of the run (<c>--case-timeout</c>), which a resume keeps; null for none.</summary>
    public double? CaseTimeoutSeconds { get; init; }

    /// <summary>The layout's version; a reader refuses a newer one instead of misreading it.</summary>
    public int Format { get; init; } = CurrentFormat;

    public void Write(string run)
    {
        Directory.CreateDirectory(run);
        string path = CampaignLayout.PlanPath(run), temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, CaseRecord.Json));
        File.Move(temporary, path, overwrite: true);
    }

    public static CampaignPlan Read(string run)
    {
        string path = CampaignLayout.PlanPath(run);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{run}: not a campaign run directory (no {CampaignLayout.PlanFile}); " +
                                            "campaigns are runs made with --protocol, --order, --shard, --case-timeout or --resume");
        CampaignPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<CampaignPlan>(File.ReadAllText(path), CaseRecord.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a campaign plan ({e.Message})", e);
        }
        if (plan is null)
            throw new InvalidDataException($"{path}: empty campaign plan");
        if (plan.Format > CurrentFormat)
            throw new InvalidDataException($"{path}: written by a newer suite (format {plan.Format}, this one reads {CurrentFormat}); update the suite");
        return plan;
    }
}
