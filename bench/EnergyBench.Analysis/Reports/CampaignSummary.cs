using System.Text;
using EnergyBench.Campaign;

namespace EnergyBench.Analysis.Reports;

/// <summary>
/// What a campaign's run directory says about how it was run (<c>campaign.json</c>) and how each case ended
/// (<c>case.json</c>): protocol, order and seed, shard or merge, and the cases that failed or timed out.
/// </summary>
public static class CampaignSummary
{
    /// <summary>A markdown paragraph, or "" when <paramref name="run"/> is not a campaign.</summary>
    public static string Describe(string run)
    {
        if (!CampaignLayout.IsCampaign(run))
            return "";
        var plan = CampaignPlan.Read(run);
        var records = plan.Cases.Select(c => (Case: c, Record: CaseRecord.Read(CampaignLayout.CaseRecordPath(run, c)))).ToList();
        var md = new StringBuilder();
        md.Append($"Campaign (`{CampaignLayout.PlanFile}`): protocol {plan.Protocol}, cases in {plan.Order} order (seed {plan.Seed})");
        if (plan.Shard is { } shard)
            md.Append($", shard {shard} of a plan of {plan.PlanCaseCount} cases");
        if (plan.MergedFrom is { Count: > 0 } sources)
            md.Append($", merged from {sources.Count} run directories ({plan.Cases.Count} of a plan of {plan.PlanCaseCount} cases)");
        md.Append($"; suite {plan.SuiteVersion ?? "version unknown"}. ");
        var outcomes = records.GroupBy(r => r.Record?.Outcome.ToString() ?? "not run").Select(g => $"{g.Count()} {Name(g.Key)}");
        md.AppendLine($"{plan.Cases.Count} case(s): {string.Join(", ", outcomes)}.");
        foreach (var (c, record) in records.Where(r => r.Record is { Outcome: CaseOutcome.TimedOut or CaseOutcome.Failed or CaseOutcome.Interrupted or CaseOutcome.Running }))
            md.AppendLine($"- {c.Model} {c.Label}: {Name(record!.Outcome.ToString())}{(record.Reason is { } reason ? $" ({reason})" : "")}");
        return md.ToString();
    }

    private static string Name(string outcome) => outcome switch
    {
        nameof(CaseOutcome.TimedOut) => "timed out",
        nameof(CaseOutcome.Running) => "interrupted (not ended)",
        _ => outcome.ToLowerInvariant(),
    };
}
