namespace EnergyBench.Cli;

/// <summary>
/// The rate of one transfer over its last few seconds and the time it still needs, from (time, bytes) samples fed in
/// order. No clock of its own: the caller gives each sample's time.
/// </summary>
public sealed class TransferMeter(TimeSpan window)
{
    /// <summary>Long enough to smooth a bursty connection, short enough to follow a real change of speed.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(5);

    private readonly Queue<(TimeSpan At, long Bytes)> _samples = new();

    public TransferMeter() : this(DefaultWindow) { }

    public void Add(TimeSpan at, long bytes)
    {
        _samples.Enqueue((at, bytes));
        // Keep the newest sample at or before the window's start, so the window is always spanned in full.
        while (_samples.Count > 2 && _samples.ElementAt(1).At <= at - window)
            _samples.Dequeue();
    }

    /// <summary>Bytes per second over the window; null before two samples a moment apart.</summary>
    public double? BytesPerSecond
    {
        get
        {
            if (_samples.Count < 2)
                return null;
            var (firstAt, firstBytes) = _samples.Peek();
            var (lastAt, lastBytes) = _samples.Last();
            double seconds = (lastAt - firstAt).TotalSeconds;
            return seconds > 0 ? (lastBytes - firstBytes) / seconds : null;
        }
    }

    /// <summary>The time the rest of <paramref name="total"/> needs at the current rate; null when the total or the rate is unknown or the rate is zero.</summary>
    public TimeSpan? Remaining(long? total)
    {
        if (total is not { } size || _samples.Count == 0)
            return null;
        long left = size - _samples.Last().Bytes;
        if (left <= 0)
            return TimeSpan.Zero;
        return BytesPerSecond is { } rate && rate > 0 ? TimeSpan.FromSeconds(left / rate) : null;
    }
}
