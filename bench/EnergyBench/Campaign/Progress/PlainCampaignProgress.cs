namespace EnergyBench.Campaign.Progress;

/// <summary>
/// Progress as lines for a log or CI: one when the run starts, one when each case starts and ends, one each time the
/// case's finished iterations change, each flushed at once so a tail or a CI log shows it as it happens.
/// </summary>
public sealed class PlainCampaignProgress(TextWriter output, TimeProvider clock) : CampaignProgress(clock)
{
    private readonly Lock _lock = new(); // Ctrl-C reports on another thread

    public PlainCampaignProgress(TextWriter output) : this(output, TimeProvider.System) { }

    public override void Line(string text)
    {
        lock (_lock)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }

    protected override void OnStarted(ProgressSnapshot s) => Line(ProgressText.Plan(s));

    protected override void OnCaseStarted(ProgressSnapshot s, PlannedCase plannedCase) =>
        Line($"{ProgressText.Case(s, plannedCase)}: started; {ProgressText.Times(s)}");

    protected override void OnIteration(ProgressSnapshot s, PlannedCase plannedCase) =>
        Line($"{ProgressText.Case(s, plannedCase)}: {ProgressText.Iteration(s)}; {ProgressText.Times(s)}");

    protected override void OnCaseEnded(ProgressSnapshot s, CaseRecord record, TimeSpan took) =>
        Line($"{ProgressText.Ended(s, record, took)}; {ProgressText.Times(s)}; {ProgressText.Outcomes(s)}");
}
