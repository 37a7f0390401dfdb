using EnergyBench.Cli;

namespace EnergyBench.Campaign.Progress;

/// <summary>The words of a campaign's progress, shared by the displays; times as m:ss or h:mm:ss.</summary>
public static class ProgressText
{
    /// <summary>"12 cases, 4 done earlier; about 2:13:20 to run" before the first case.</summary>
    public static string Plan(ProgressSnapshot s)
    {
        string kept = s.AlreadyDone > 0 ? $", {s.AlreadyDone} done earlier" : "";
        return $"campaign: {s.Count} case(s){kept}; {Remaining(s)}";
    }

    /// <summary>"case 5 of 12: onnx-cpu (Threads=2) on gpt2-tiny".</summary>
    public static string Case(int position, int count, string label, string model) =>
        $"case {position} of {count}: {label} on {ModelName(model)}";

    public static string Case(ProgressSnapshot s, PlannedCase plannedCase) => Case(s.Position, s.Count, plannedCase.Label, plannedCase.Model);

    /// <summary>"case 5 of 12: onnx-cpu (Threads=2) on gpt2-tiny: done in 3:12", with the reason when there is one.</summary>
    public static string Ended(ProgressSnapshot s, CaseRecord record, TimeSpan took)
    {
        string reason = string.IsNullOrEmpty(record.Reason) ? "" : $" ({record.Reason})";
        return $"{Case(s.Position, s.Count, record.Label, record.Model)}: {OutcomeName(record.Outcome)} in {TransferText.Duration(took)}{reason}";
    }

    /// <summary>Between cases: the plan before the first one, else the case that ended last.</summary>
    public static string BetweenCases(ProgressSnapshot s) =>
        s.Outcomes.Count == 0 ? Plan(s) : $"case {s.Position} of {s.Count} ended";

    /// <summary>"iteration 3 of 10" (the iterations finished, of those planned).</summary>
    public static string Iteration(ProgressSnapshot s) =>
        s.IterationsPlanned > 0 ? $"iteration {s.IterationsDone} of {s.IterationsPlanned}" : $"iteration {s.IterationsDone}";

    /// <summary>"elapsed 14:00, about 1:38:00 left".</summary>
    public static string Times(ProgressSnapshot s) => $"elapsed {TransferText.Duration(s.Elapsed)}, {Remaining(s)}";

    public static string Remaining(ProgressSnapshot s) =>
        s.Remaining is { } left ? $"about {TransferText.Duration(left)} left" : "time left unknown (the plan has no estimates)";

    /// <summary>"so far 5 done, 1 failed, 1 timed-out" in the order of <see cref="CaseOutcome"/>; "none ended yet" before the first.</summary>
    public static string Outcomes(ProgressSnapshot s)
    {
        var counts = Enum.GetValues<CaseOutcome>().Where(o => s.Outcomes.GetValueOrDefault(o) > 0)
            .Select(o => $"{s.Outcomes[o]} {OutcomeName(o)}").ToList();
        return counts.Count > 0 ? "so far " + string.Join(", ", counts) : "none ended yet";
    }

    /// <summary>The name case.json gives the outcome (<c>timed-out</c>).</summary>
    public static string OutcomeName(CaseOutcome outcome) =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(outcome.ToString());

    /// <summary>A model directory by its folder name, as case folders name it; a model name as it is.</summary>
    public static string ModelName(string model) => Path.GetFileName(model.TrimEnd('/', '\\'));
}
