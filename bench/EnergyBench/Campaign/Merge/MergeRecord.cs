using System.Text;

namespace EnergyBench.Campaign.Merge;

/// <summary>
/// <c>merge.md</c> beside a merged run's <c>campaign.json</c>: where its cases came from, how the inputs differed when
/// they were merged with --force, and which cases of the plan it lacks.
/// </summary>
public static class MergeRecord
{
    public static string Markdown(MergeResult result)
    {
        var md = new StringBuilder("# Merged campaign\n\n");
        md.Append($"{result.Merged.Count} case(s) merged from {result.Inputs.Count} run(s); each run's plan and environment are under `{RunMerge.ShardsFolder}/NAME/`.\n\n");
        md.Append("| run | shard | directory | cases planned | merged |\n|---|---|---|---:|---:|\n");
        foreach (var input in result.Inputs)
        {
            int merged = input.Plan.Cases.Count - result.Unmerged.Count(u => u.Input == input);
            md.Append($"| {input.Name} | {input.Plan.Shard ?? "whole plan"} | {input.Directory} | {input.Plan.Cases.Count} | {merged} |\n");
        }
        if (result.Differences.Count > 0)
        {
            md.Append("\n## Differences (merged with --force)\n\nThe runs differ in what their results depend on:\n\n");
            foreach (string difference in result.Differences)
                md.Append($"- {difference}\n");
        }
        var warnings = Warnings(result);
        if (warnings.Count > 0)
        {
            md.Append("\n## Not in this run\n\n");
            foreach (string warning in warnings)
                md.Append($"- {warning}\n");
        }
        return md.ToString();
    }

    /// <summary>One line per gap in the merged run: cases in no input, cases never started, cases not ended.</summary>
    public static IReadOnlyList<string> Warnings(MergeResult result)
    {
        var warnings = new List<string>();
        int planCases = result.Inputs[0].Plan.PlanCaseCount;
        if (result.Absent > 0)
            warnings.Add($"{result.Absent} of the plan's {planCases} cases are in no input" +
                         (result.MissingShards.Count > 0 ? $": shard(s) {string.Join(", ", result.MissingShards)} not given (failed before writing their run?)" : ""));
        foreach (var group in result.Unmerged.GroupBy(u => u.Reason))
            warnings.Add($"{group.Count()} case(s) not merged, {group.Key}: " +
                         string.Join(", ", group.Select(u => $"{u.Case.FolderName} ({u.Case.Label}) in {u.Input.Name}")));
        return warnings;
    }
}
