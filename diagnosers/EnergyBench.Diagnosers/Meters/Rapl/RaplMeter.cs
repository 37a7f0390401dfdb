using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Meters.Rapl;

/// <summary>
/// CPU energy from the kernel's powercap RAPL zones. Zones are found by their <c>name</c> file, never by index: the
/// package zones (<c>package-N</c>, one per socket, Intel and AMD alike) are summed; their core/uncore subzones are
/// inside the package and never added on top; <c>intel-rapl-mmio</c> copies of a package counter are skipped.
/// </summary>
public sealed class RaplMeter : IMeter
{
    public const string DefaultRoot = "/sys/class/powercap";
    public const string EnergyChannel = "rapl.energy_j";

    private readonly IReadOnlyList<RaplZone> _packages;

    private RaplMeter(string root, IReadOnlyList<RaplZone> packages, TimeSpan samplingPeriod)
    {
        _packages = packages;
        SamplingPeriod = samplingPeriod;
        ZoneNames = string.Join(" + ", packages.Select(p => p.Name));
        Description = $"RAPL {ZoneNames} ({root})";
    }

    public string Name => "rapl";
    public string Description { get; }
    public IReadOnlyList<Channel> Channels { get; } = [new(EnergyChannel, SeriesKind.Counter, "J")];
    public TimeSpan SamplingPeriod { get; }

    /// <summary>The hardware updates the energy status registers about every millisecond (Intel SDM, AMD PPR).</summary>
    public TimeSpan UpdatePeriod => TimeSpan.FromMilliseconds(1);

    /// <summary>The package zones summed, e.g. "package-0 + package-1".</summary>
    public string ZoneNames { get; }

    public int Wraps => _packages.Sum(p => p.Wraps);

    public static RaplMeter Open(string root, TimeSpan samplingPeriod)
    {
        if (!Directory.Exists(root))
            throw new MeterException($"no RAPL: {root} does not exist (no powercap in this kernel, or a VM/container that hides it)");
        var packageDirectories = Directory.EnumerateDirectories(root, "intel-rapl:*")
            .Select(directory => (directory, name: ZoneName(directory)))
            .Where(zone => zone.name?.StartsWith("package-", StringComparison.Ordinal) == true)
            .GroupBy(zone => zone.name) // one counter per package, however many paths lead to it
            .Select(group => group.OrderBy(zone => zone.directory, StringComparer.Ordinal).First())
            .OrderBy(zone => zone.name, StringComparer.Ordinal)
            .ToList();
        if (packageDirectories.Count == 0)
            throw new MeterException($"no RAPL: {root} has no intel-rapl package zone (CPU or hypervisor does not expose RAPL)");

        var zones = packageDirectories.Select(zone => RaplZone.Open(zone.directory, zone.name!)).ToList();
        return new RaplMeter(root, zones, samplingPeriod);
    }

    public void Read(Span<double> values)
    {
        double joules = 0;
        foreach (var zone in _packages)
            joules += zone.ReadJoules();
        values[0] = joules;
    }

    private static string? ZoneName(string directory)
    {
        string path = Path.Combine(directory, "name");
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() { }
}
