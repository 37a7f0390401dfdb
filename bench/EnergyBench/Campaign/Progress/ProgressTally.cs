namespace EnergyBench.Campaign.Progress;

/// <summary>
/// Counts a campaign's progress and estimates the time left: the plan's estimates of the cases still to run, scaled by
/// how long the cases measured in full so far took against their own estimates (a machine twice as slow as the
/// calibration doubles what is left). Failed cases do not scale it: they end early for reasons unrelated to speed.
/// Safe to read from a display's thread while the runner's thread reports.
/// </summary>
public sealed class ProgressTally(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<CaseOutcome, int> _outcomes = [];
    private IReadOnlyList<PlannedCase> _cases = [];
    private Dictionary<string, double> _estimates = [];
    private int _alreadyDone, _position, _iterationsDone, _iterationsPlanned;
    private PlannedCase? _running;
    private DateTimeOffset _started, _caseStarted;
    private double _measuredSeconds, _measuredEstimate; // cases done in full with an estimate: their actual and estimated times

    public void Start(CampaignPlan plan, int alreadyDone)
    {
        lock (_lock)
        {
            _cases = plan.Cases;
            _estimates = plan.Cases.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.First().EstimateSeconds);
            _alreadyDone = alreadyDone;
            _position = alreadyDone;
            _started = clock.GetUtcNow();
        }
    }

    public void CaseStarted(int position, PlannedCase plannedCase)
    {
        lock (_lock)
        {
            _position = position;
            _running = plannedCase;
            _caseStarted = clock.GetUtcNow();
            _iterationsDone = _iterationsPlanned = 0;
        }
    }

    /// <summary>Records the running case's iterations; false when they did not change (the runner polls).</summary>
    public bool Iteration(int done, int planned)
    {
        lock (_lock)
        {
            if (_running is null || (done == _iterationsDone && planned == _iterationsPlanned))
                return false;
            (_iterationsDone, _iterationsPlanned) = (done, planned);
            return true;
        }
    }

    /// <summary>Counts the case's outcome and returns how long it took (its record's time, else the time since it started).</summary>
    public TimeSpan CaseEnded(CaseRecord record)
    {
        lock (_lock)
        {
            var took = record.ElapsedSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : clock.GetUtcNow() - _caseStarted;
            _outcomes[record.Outcome] = _outcomes.GetValueOrDefault(record.Outcome) + 1;
            if (record.Outcome == CaseOutcome.Done && _estimates.GetValueOrDefault(record.Key) is > 0 and var estimate)
            {
                _measuredSeconds += took.TotalSeconds;
                _measuredEstimate += estimate;
            }
            _running = null;
            _iterationsDone = _iterationsPlanned = 0;
            return took;
        }
    }

    public ProgressSnapshot Snapshot()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            return new ProgressSnapshot(_position, _cases.Count, _alreadyDone, _running, _iterationsDone, _iterationsPlanned,
                now - _started, Remaining(now), new Dictionary<CaseOutcome, int>(_outcomes));
        }
    }

    private TimeSpan? Remaining(DateTimeOffset now)
    {
        if (!_cases.Any(c => c.EstimateSeconds > 0))
            return null;
        double scale = _measuredEstimate > 0 ? _measuredSeconds / _measuredEstimate : 1;
        // The cases after the current position are still to run (a resume's kept cases come first in run order); the
        // plan's own estimates count, whatever the runner's copy of a case says.
        double later = _cases.Skip(_position).Sum(c => c.EstimateSeconds) * scale;
        double current = _running is null ? 0
            : Math.Max(0, _estimates.GetValueOrDefault(_running.Key) * scale - (now - _caseStarted).TotalSeconds);
        return TimeSpan.FromSeconds(later + current);
    }
}
