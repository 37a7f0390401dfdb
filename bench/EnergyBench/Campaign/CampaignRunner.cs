using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EnergyBench.Campaign.Progress;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Diagnosers.Interruption;
using EnergyBench.Running;

namespace EnergyBench.Campaign;

/// <summary>
/// Runs a campaign's cases one BenchmarkDotNet run each, in the plan's order, each into its own folder
/// (<see cref="CampaignLayout"/>), recording how each ended in its <c>case.json</c> before the next starts. Cases a
/// resume finds finished are kept; an interrupted one is moved aside and rerun from its start.
/// </summary>
public sealed class CampaignRunner(string runDirectory, IReadOnlyList<string> benchmarkArgs, IReadOnlyList<Type> benchmarks,
    EnergyDiagnoser? diagnoser, RunInterruption interruption, CaseWatchdog? watchdog, CampaignProgress progress)
{
    private readonly GuardReferenceDiagnoser _guard = new(Path.Combine(runDirectory, "guard"), progress.Line);

    /// <summary>What the cases of one run came to.</summary>
    public sealed record Tally(int Done, int Failed, int TimedOut, bool Interrupted, int NotRun);

    public Tally Run(CampaignPlan plan)
    {
        var records = plan.Cases.Select(c => CaseRecord.Read(CampaignLayout.CaseRecordPath(runDirectory, c))).ToList();
        progress.Start(plan, records.Count(Keeps));
        for (int i = 0; i < plan.Cases.Count && !interruption.IsRequested; i++)
        {
            if (Keeps(records[i]))
                continue;
            records[i] = RunCase(i + 1, plan.Cases[i]);
        }
        var outcomes = records.Select(r => r?.IsFinal == true ? r.Outcome : (CaseOutcome?)null).ToList();
        return new Tally(outcomes.Count(o => o == CaseOutcome.Done), outcomes.Count(o => o == CaseOutcome.Failed),
            outcomes.Count(o => o == CaseOutcome.TimedOut), interruption.IsRequested, outcomes.Count(o => o is null));
    }

    /// <summary>
    /// Whether a case's earlier attempt stands: measured in full, or timed out at a limit no shorter than this run's.
    /// A failed case (a crash, a killed benchmark process) and one that never ended are rerun from their start.
    /// </summary>
    private bool Keeps(CaseRecord? record) => record?.Outcome switch
    {
        CaseOutcome.Done => true,
        CaseOutcome.TimedOut => watchdog is null || record.Limit is not { } limit || watchdog.Limit.TotalSeconds <= limit,
        _ => false,
    };

    private CaseRecord RunCase(int position, PlannedCase planned)
    {
        string folder = CampaignLayout.CaseDirectory(runDirectory, planned);
        int attempt = MoveAsideEarlierAttempt(planned) + 1;
        var record = new CaseRecord(planned.Key, planned.Label, planned.Model, planned.Configuration, CaseOutcome.Running, attempt, DateTimeOffset.Now);
        record.Write(CampaignLayout.CaseRecordPath(runDirectory, planned));
        progress.CaseStarted(position, planned);

        var config = SuiteConfig.Create(folder, diagnoser, interruption, _guard, watchdog, consoleLog: progress is not LiveCampaignProgress);
        var benchmarkCase = CasePlanner.Cases(benchmarkArgs, config, benchmarks).FirstOrDefault(c => Diagnosers.Samples.CaseKeys.Of(c) == planned.Key)
                            ?? throw new InvalidOperationException($"case {planned.Key} is no longer among the cases of this command line");
        Summary summary;
        using (new IterationPoller(folder, benchmarkCase, progress))
            summary = BenchmarkRunner.Run(new BenchmarkRunInfo([benchmarkCase], benchmarkCase.Descriptor.Type, benchmarkCase.Config));

        var report = summary.Reports.FirstOrDefault();
        bool measured = report is { Success: true } && !summary.HasCriticalValidationErrors;
        string? incomplete = report is not null && diagnoser?.Results.TryGetValue(report.BenchmarkCase, out var measurement) == true
            ? measurement.Incomplete : null;
        var (outcome, reason) = measured ? (CaseOutcome.Done, (string?)null)
            : watchdog?.FiredFor(benchmarkCase) == true ? (CaseOutcome.TimedOut, $"ended by the watchdog at the case time limit of {watchdog.Limit}")
            : interruption.IsRequested ? (CaseOutcome.Interrupted, $"stopped by {interruption.Signal}")
            : (CaseOutcome.Failed, incomplete ?? $"BenchmarkDotNet reported the case failed; its log is in {folder}");
        var ended = DateTimeOffset.Now;
        record = record with
        {
            Outcome = outcome, Ended = ended, ElapsedSeconds = (ended - record.Started).TotalSeconds, Reason = reason,
            Limit = outcome == CaseOutcome.TimedOut ? watchdog!.Limit.TotalSeconds : null,
        };
        record.Write(CampaignLayout.CaseRecordPath(runDirectory, planned));
        progress.CaseEnded(record);
        return record;
    }

    /// <summary>
    /// An attempt that did not end (a kill, a crash, Ctrl-C) is moved to <see cref="CampaignLayout.SupersededFolder"/>,
    /// where the analysis never reads it, so a rerun neither duplicates nor mixes its iterations; returns how many
    /// attempts came before.
    /// </summary>
    private int MoveAsideEarlierAttempt(PlannedCase planned)
    {
        string superseded = Path.Combine(runDirectory, CampaignLayout.SupersededFolder);
        int earlier = Directory.Exists(superseded) ? Directory.GetDirectories(superseded, planned.FolderName + "-attempt*").Length : 0;
        string folder = CampaignLayout.CaseDirectory(runDirectory, planned);
        if (!Directory.Exists(folder))
            return earlier;
        Directory.CreateDirectory(superseded);
        Directory.Move(folder, Path.Combine(superseded, $"{planned.FolderName}-attempt{earlier + 1}"));
        return earlier + 1;
    }
}
