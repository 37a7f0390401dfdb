namespace EnergyBench.Diagnosers.Meters;

/// <summary>
/// A source of readings (RAPL, NVML, a wattmeter, /proc). The sampler calls <see cref="Read"/> on one thread of its
/// own every <see cref="SamplingPeriod"/>; a meter that cannot read any more throws <see cref="MeterException"/>, and
/// its channels then end at the last good sample.
/// </summary>
public interface IMeter : IDisposable
{
    /// <summary>Short name used in messages and in the <c>meters</c> listing (e.g. "rapl").</summary>
    string Name { get; }

    /// <summary>What exactly is read (zones, device, address), for the listing and the report legends.</summary>
    string Description { get; }

    IReadOnlyList<Channel> Channels { get; }

    TimeSpan SamplingPeriod { get; }

    /// <summary>How often the source itself refreshes; a window shorter than this cannot be measured by it.</summary>
    TimeSpan UpdatePeriod { get; }

    /// <summary>Reads every channel, in the order of <see cref="Channels"/>.</summary>
    void Read(Span<double> values);
}
