namespace EnergyBench.Diagnosers.Timeline;

/// <summary>How the values of a series relate to time.</summary>
public enum SeriesKind
{
    /// <summary>A cumulative count (joules, CPU ticks): a window's amount is the difference at its ends.</summary>
    Counter,
    /// <summary>An instantaneous level (watts, percent, bytes): a window's amount is the integral, its level the time-weighted mean.</summary>
    Gauge,
}

/// <summary>One timestamped reading on the <see cref="System.Diagnostics.Stopwatch"/> clock.</summary>
public readonly record struct Sample(long Ticks, double Value);

/// <summary>
/// The readings of one channel (e.g. RAPL package energy) in time order. One sampling thread appends; any thread may
/// take a snapshot.
/// </summary>
public sealed class Series(string name, SeriesKind kind)
{
    private readonly List<Sample> _samples = [];
    private readonly Lock _lock = new();

    public string Name => name;
    public SeriesKind Kind => kind;

    public void Add(long ticks, double value)
    {
        lock (_lock)
        {
            // The clock is monotonic, but two meters' threads could share a series; keep the order the maths needs.
            if (_samples.Count > 0 && ticks <= _samples[^1].Ticks)
                return;
            _samples.Add(new Sample(ticks, value));
        }
    }

    public Sample[] Snapshot()
    {
        lock (_lock)
            return _samples.ToArray();
    }
}
