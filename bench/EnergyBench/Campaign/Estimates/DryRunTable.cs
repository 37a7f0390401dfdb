using System.Globalization;

namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// The plan as <c>--dry-run</c> shows it, a markdown table: each case in run order with its estimate, the time run so
/// far after it and, given a start, the clock time it should end; then the total, and each shard's total when the plan
/// is partitioned. Plain text on any writer: a terminal, a file, a test's string.
/// </summary>
public static class DryRunTable
{
    /// <param name="cases">This run's cases in run order, <see cref="PlannedCase.EstimateSeconds"/> filled in.</param>
    /// <param name="estimateSource">How the estimates were made (<see cref="CaseEstimator.Source"/>).</param>
    /// <param name="shard">The shard these cases are, when the run holds one.</param>
    /// <param name="planCaseCount">Cases in the whole plan, every shard together; defaults to <paramref name="cases"/>' count.</param>
    /// <param name="shardTotals">Every shard's total, when the plan is partitioned.</param>
    /// <param name="start">When the run would start, for the ETA column; null leaves the column out.</param>
    /// <param name="basis">Each case's estimate basis (<see cref="CaseEstimate.Basis"/>); null leaves the column out.</param>
    public static void Write(TextWriter writer, IReadOnlyList<PlannedCase> cases, string estimateSource, ShardSpec? shard = null,
        int? planCaseCount = null, IReadOnlyList<ShardTotal>? shardTotals = null, DateTimeOffset? start = null,
        Func<PlannedCase, string>? basis = null)
    {
        double total = cases.Sum(c => c.EstimateSeconds);
        string scope = shard is null ? "Plan" : $"Shard {shard} of the plan";
        string count = shard is null ? $"{cases.Count} cases" : $"{cases.Count} of {planCaseCount ?? cases.Count} cases";
        writer.WriteLine($"{scope}: {count}, estimated {Duration(total)}" + (start is { } s ? $", ending about {Clock(s.AddSeconds(total))}" : ""));
        writer.WriteLine($"Estimates: {estimateSource}");
        writer.WriteLine();

        var header = new List<string> { "#", "case", "configuration", "model", "estimate", "cumulative" };
        var align = new List<string> { "--:", "--:", "---", "---", "--:", "--:" };
        if (start is not null)
            (header, align) = ([.. header, "ends about"], [.. align, "---"]);
        if (basis is not null)
            (header, align) = ([.. header, "basis"], [.. align, "---"]);
        writer.WriteLine(Row(header));
        writer.WriteLine(Row(align));
        double cumulative = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var plannedCase = cases[i];
            cumulative += plannedCase.EstimateSeconds;
            var cells = new List<string>
            {
                (i + 1).ToString(CultureInfo.InvariantCulture), plannedCase.Index.ToString("000", CultureInfo.InvariantCulture),
                plannedCase.Label, plannedCase.Model, Duration(plannedCase.EstimateSeconds), Duration(cumulative),
            };
            if (start is { } begin)
                cells.Add(Clock(begin.AddSeconds(cumulative)));
            if (basis is not null)
                cells.Add(basis(plannedCase));
            writer.WriteLine(Row(cells));
        }
        writer.WriteLine();
        writer.WriteLine($"Total: {cases.Count} cases, {Duration(total)}");

        if (shardTotals is { Count: > 0 })
        {
            writer.WriteLine();
            writer.WriteLine($"Shards ({shardTotals.Count}, each on a machine of its own):");
            writer.WriteLine();
            writer.WriteLine(Row(["shard", "cases", "estimate"]));
            writer.WriteLine(Row(["---", "--:", "--:"]));
            foreach (var shardTotal in shardTotals)
                writer.WriteLine(Row([shardTotal.Shard.ToString(), shardTotal.Cases.ToString(CultureInfo.InvariantCulture), Duration(shardTotal.Seconds)]));
            writer.WriteLine();
            writer.WriteLine($"Longest shard: {Duration(shardTotals.Max(s => s.Seconds))} (the campaign's wall time when every shard runs at once)");
        }
    }

    /// <summary>"0:04:05", "27:13:09" under three days, "3d 04:12:00" from there: hours are easier to compare, days to read.</summary>
    public static string Duration(double seconds)
    {
        long whole = (long)Math.Round(Math.Max(0, seconds));
        long days = whole / 86400, hours = whole / 3600 % 24, minutes = whole / 60 % 60, rest = whole % 60;
        return days >= 3
            ? string.Create(CultureInfo.InvariantCulture, $"{days}d {hours:00}:{minutes:00}:{rest:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{whole / 3600}:{minutes:00}:{rest:00}");
    }

    private static string Clock(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static string Row(IEnumerable<string> cells) => "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|"))) + " |";
}
