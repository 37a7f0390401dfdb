using EnergyBench.Cli;
using Spectre.Console;

namespace EnergyBench.Campaign.Progress;

/// <summary>
/// Shows a campaign as it runs: case i of n (label, model), iteration k of m, elapsed time, the time left (the plan's
/// estimates scaled by how the finished cases compared with theirs, see <see cref="ProgressTally"/>) and the outcomes
/// so far. The runner reports events; <see cref="Line"/> prints a message without garbling the display.
/// </summary>
public abstract class CampaignProgress(TimeProvider clock) : IDisposable
{
    private readonly ProgressTally _tally = new(clock);

    /// <summary>
    /// A live display on a terminal; plain flushed lines when <paramref name="output"/> is a file, a pipe, TERM=dumb, or
    /// a terminal without ANSI cursor movement (the live display redraws with it).
    /// </summary>
    public static CampaignProgress For(TextWriter output)
    {
        if (!TerminalOutput.RedrawsInPlace(output))
            return new PlainCampaignProgress(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.Yes });
        return console.Profile.Capabilities.Ansi ? new LiveCampaignProgress(console) : new PlainCampaignProgress(output);
    }

    /// <param name="plan">This run's plan, its cases in run order.</param>
    /// <param name="alreadyDone">Cases a resume kept; they are the first in run order.</param>
    public void Start(CampaignPlan plan, int alreadyDone)
    {
        _tally.Start(plan, alreadyDone);
        OnStarted(_tally.Snapshot());
    }

    /// <param name="position">The case's position in run order, 1 to the plan's count.</param>
    public void CaseStarted(int position, PlannedCase plannedCase)
    {
        _tally.CaseStarted(position, plannedCase);
        OnCaseStarted(_tally.Snapshot(), plannedCase);
    }

    /// <summary>The running case's measured iterations, finished and planned; shown only when they change, so it may be polled.</summary>
    public void Iteration(int done, int planned)
    {
        if (_tally.Iteration(done, planned) && _tally.Snapshot() is { Running: { } running } snapshot)
            OnIteration(snapshot, running);
    }

    public void CaseEnded(CaseRecord record)
    {
        var took = _tally.CaseEnded(record);
        OnCaseEnded(_tally.Snapshot(), record, took);
    }

    /// <summary>A message (a warning, what Ctrl-C kept) printed as a line of its own, outside the display.</summary>
    public abstract void Line(string text);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected ProgressSnapshot Snapshot() => _tally.Snapshot();

    protected abstract void OnStarted(ProgressSnapshot snapshot);

    protected abstract void OnCaseStarted(ProgressSnapshot snapshot, PlannedCase plannedCase);

    protected abstract void OnIteration(ProgressSnapshot snapshot, PlannedCase plannedCase);

    protected abstract void OnCaseEnded(ProgressSnapshot snapshot, CaseRecord record, TimeSpan took);
}
