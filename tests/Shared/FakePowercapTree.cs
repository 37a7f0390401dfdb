using System.Globalization;

namespace EnergyBench.Testing;

/// <summary>A powercap sysfs tree in a temp directory, laid out like /sys/class/powercap, whose counters a test sets.</summary>
public sealed class FakePowercapTree : IDisposable
{
    private readonly TempDirectory _directory = new();

    public string Root => _directory.Path;

    public void AddZone(string zone, string name, long energyMicrojoules, long range = 262_143_328_850)
    {
        string path = Path.Combine(Root, zone);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "name"), name + "\n");
        File.WriteAllText(Path.Combine(path, "max_energy_range_uj"), range.ToString(CultureInfo.InvariantCulture) + "\n");
        SetEnergy(zone, energyMicrojoules);
    }

    /// <summary>
    /// Writes a new counter value in place (as sysfs changes it under a reader), padded to a fixed width in one
    /// write so that a concurrent reader never sees a truncated file.
    /// </summary>
    public void SetEnergy(string zone, long energyMicrojoules)
    {
        using var stream = new FileStream(Path.Combine(Root, zone, "energy_uj"), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(energyMicrojoules.ToString(CultureInfo.InvariantCulture).PadLeft(20) + "\n"));
    }

    /// <summary>
    /// Writes a new counter value as a new file renamed over the old one, as some exporters and test harnesses do:
    /// a reader that keeps the old file open never sees the new value.
    /// </summary>
    public void ReplaceEnergy(string zone, long energyMicrojoules)
    {
        string path = Path.Combine(Root, zone, "energy_uj");
        File.WriteAllText(path + ".new", energyMicrojoules.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(path + ".new", path, overwrite: true);
    }

    /// <summary>
    /// Makes energy_uj unreadable as the kernel does since 5.10 (mode 0400 root). Root reads any mode (and Windows has
    /// no Unix modes), so there the file is replaced by a directory, which the runtime refuses to open with the same
    /// UnauthorizedAccessException.
    /// </summary>
    public void MakeUnreadable(string zone)
    {
        string path = Path.Combine(Root, zone, "energy_uj");
        if (Environment.UserName == "root" || OperatingSystem.IsWindows())
        {
            File.Delete(path);
            Directory.CreateDirectory(path);
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
        }
    }

    /// <summary>
    /// Advances a zone's counter as a constant power draw would, on a background thread, until disposed; the counter
    /// wraps at the zone's range like the hardware's.
    /// </summary>
    public IDisposable DrawPower(string zone, double watts, long range = 262_143_328_850)
    {
        var stop = new CancellationTokenSource();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var thread = new Thread(() =>
        {
            while (!stop.Token.WaitHandle.WaitOne(5))
                SetEnergy(zone, (long)(watts * 1e6 * clock.Elapsed.TotalSeconds) % range);
        }) { IsBackground = true };
        thread.Start();
        return new Stopper(() => { stop.Cancel(); thread.Join(); stop.Dispose(); });
    }

    private sealed class Stopper(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }

    public void Dispose() => _directory.Dispose();
}
