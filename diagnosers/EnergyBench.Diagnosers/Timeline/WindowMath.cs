namespace EnergyBench.Diagnosers.Timeline;

/// <summary>
/// What a series says about a time window [start, stop]. Values at the window's ends are interpolated linearly between
/// the samples around them; a window that the samples do not cover on both sides has no value (null), never a guess.
/// </summary>
public static class WindowMath
{
    /// <summary>Counter increase over the window.</summary>
    public static double? Delta(ReadOnlySpan<Sample> samples, long start, long stop) =>
        ValueAt(samples, start) is { } first && ValueAt(samples, stop) is { } last ? last - first : null;

    /// <summary>Integral of a gauge over the window, in value x seconds (watts give joules), by the trapezoid rule.</summary>
    public static double? Integral(ReadOnlySpan<Sample> samples, long start, long stop)
    {
        if (stop < start || ValueAt(samples, start) is not { } startValue || ValueAt(samples, stop) is not { } stopValue)
            return null;
        double sum = 0;
        long previousTicks = start;
        double previousValue = startValue;
        foreach (var sample in samples)
        {
            if (sample.Ticks <= start)
                continue;
            if (sample.Ticks >= stop)
                break;
            sum += Trapezoid(previousTicks, previousValue, sample.Ticks, sample.Value);
            (previousTicks, previousValue) = (sample.Ticks, sample.Value);
        }
        return sum + Trapezoid(previousTicks, previousValue, stop, stopValue);
    }

    /// <summary>Time-weighted mean of a gauge over the window; a zero-length window gives the value at that instant.</summary>
    public static double? Mean(ReadOnlySpan<Sample> samples, long start, long stop)
    {
        if (stop == start)
            return ValueAt(samples, start);
        return Integral(samples, start, stop) is { } integral ? integral / Seconds(stop - start) : null;
    }

    /// <summary>Largest sample inside the window, or the interpolated value at its ends if that is larger.</summary>
    public static double? Max(ReadOnlySpan<Sample> samples, long start, long stop)
    {
        if (ValueAt(samples, start) is not { } first || ValueAt(samples, stop) is not { } last)
            return null;
        double max = Math.Max(first, last);
        foreach (var sample in samples)
            if (sample.Ticks > start && sample.Ticks < stop)
                max = Math.Max(max, sample.Value);
        return max;
    }

    /// <summary>The series' value at an instant, interpolated between the samples around it; null outside the samples.</summary>
    public static double? ValueAt(ReadOnlySpan<Sample> samples, long ticks)
    {
        if (samples.Length == 0 || ticks < samples[0].Ticks || ticks > samples[^1].Ticks)
            return null;
        int lo = 0, hi = samples.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (samples[mid].Ticks <= ticks) lo = mid; else hi = mid;
        }
        var (a, b) = (samples[lo], samples[hi]);
        if (b.Ticks == a.Ticks)
            return b.Value;
        double fraction = (double)(ticks - a.Ticks) / (b.Ticks - a.Ticks);
        return a.Value + (b.Value - a.Value) * fraction;
    }

    public static double Seconds(long ticks) => ticks / (double)System.Diagnostics.Stopwatch.Frequency;

    private static double Trapezoid(long t0, double v0, long t1, double v1) => (v0 + v1) / 2 * Seconds(t1 - t0);
}
