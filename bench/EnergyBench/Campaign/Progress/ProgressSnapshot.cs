namespace EnergyBench.Campaign.Progress;

/// <summary>Where a campaign stands at one moment, as a display shows it.</summary>
/// <param name="Position">The current (or last) case's position in run order, 1-based; 0 before the first case.</param>
/// <param name="Count">Cases in this run's plan, those done before a resume included.</param>
/// <param name="AlreadyDone">Cases a resume kept from an earlier attempt.</param>
/// <param name="Running">The case under way; null between cases.</param>
/// <param name="IterationsDone">Measured iterations of the running case so far.</param>
/// <param name="IterationsPlanned">Measured iterations the running case will make; 0 until known.</param>
/// <param name="Elapsed">Time since this run started.</param>
/// <param name="Remaining">Expected time to the end of the plan; null when the plan has no estimates.</param>
/// <param name="Outcomes">How the cases of this run ended so far, by outcome.</param>
public sealed record ProgressSnapshot(int Position, int Count, int AlreadyDone, PlannedCase? Running, int IterationsDone,
    int IterationsPlanned, TimeSpan Elapsed, TimeSpan? Remaining, IReadOnlyDictionary<CaseOutcome, int> Outcomes);
