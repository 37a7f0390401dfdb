namespace EnergyBench.Diagnosers.Timeline;

/// <summary>A time interval on the <see cref="System.Diagnostics.Stopwatch"/> clock.</summary>
public readonly record struct Window(long Start, long Stop)
{
    public double Seconds => WindowMath.Seconds(Stop - Start);
}
