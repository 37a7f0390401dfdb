using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace EnergyBench.Diagnosers.Meters.Rapl;

/// <summary>
/// One powercap RAPL zone (<c>intel-rapl:0</c>, named e.g. <c>package-0</c>). Its <c>energy_uj</c> is a 32-bit hardware
/// counter scaled to microjoules that wraps at <c>max_energy_range_uj</c>; the zone unwraps it into a running total.
/// </summary>
public sealed class RaplZone
{
    private readonly string _energyPath;
    private readonly double _rangeMicrojoules;
    private double _last, _totalMicrojoules;
    private bool _started;

    private RaplZone(string path, string name, double range)
    {
        Path = path;
        Name = name;
        _energyPath = System.IO.Path.Combine(path, "energy_uj");
        _rangeMicrojoules = range;
    }

    public string Path { get; }
    public string Name { get; }

    /// <summary>How many times the counter wrapped around while being read.</summary>
    public int Wraps { get; private set; }

    /// <summary>Opens a zone directory; throws <see cref="MeterException"/> with the fix when energy_uj is not readable.</summary>
    public static RaplZone Open(string directory, string name)
    {
        string energyPath = System.IO.Path.Combine(directory, "energy_uj");
        double range = ReadNumber(System.IO.Path.Combine(directory, "max_energy_range_uj"));
        try
        {
            File.OpenHandle(energyPath).Dispose();
        }
        catch (UnauthorizedAccessException)
        {
            throw new MeterException($"RAPL zone {name} is present but {energyPath} is readable by root only (the default since Linux 5.10); " +
                $"fix: run as root, or 'sudo chmod o+r {System.IO.Path.GetDirectoryName(directory)}/intel-rapl*/energy_uj' (until reboot), " +
                "or a udev rule: SUBSYSTEM==\"powercap\", KERNEL==\"intel-rapl*\", RUN+=\"/usr/bin/chmod o+r /sys/%p/energy_uj\"");
        }
        var zone = new RaplZone(directory, name, range);
        zone.ReadJoules(); // fail now, not during the run
        return zone;
    }

    /// <summary>Energy since the zone was opened, in joules, with wrap-arounds added back.</summary>
    public double ReadJoules()
    {
        double now = ReadCounter();
        if (_started)
        {
            double delta = now - _last;
            if (delta < 0)
            {
                delta += _rangeMicrojoules;
                Wraps++;
            }
            _totalMicrojoules += delta;
        }
        _last = now;
        _started = true;
        return _totalMicrojoules / 1e6;
    }

    private double ReadCounter()
    {
        Span<byte> buffer = stackalloc byte[32];
        int length;
        try
        {
            // Opened for every sample: a handle held open keeps reading the old file forever when energy_uj is
            // replaced on disk (exporters and test harnesses write a new file and rename it over the old one).
            using SafeFileHandle energy = File.OpenHandle(_energyPath);
            length = RandomAccess.Read(energy, buffer, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MeterException($"RAPL zone {Name}: cannot read {_energyPath}: {e.Message}", e);
        }
        var text = System.Text.Encoding.ASCII.GetString(buffer[..length]).Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0
            ? value
            : throw new MeterException($"RAPL zone {Name}: {_energyPath} holds '{text}', not a counter");
    }

    private static double ReadNumber(string path)
    {
        string text = MeterFiles.ReadText(path).Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0
            ? value
            : throw new MeterException($"{path} holds '{text}', not a counter range");
    }
}
