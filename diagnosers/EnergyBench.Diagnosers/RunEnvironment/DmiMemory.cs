using System.Globalization;

namespace EnergyBench.Diagnosers.RunEnvironment;

/// <summary>
/// Memory modules from the SMBIOS "Memory Device" structures (type 17) the kernel exposes in
/// <c>/sys/firmware/dmi/entries/17-N/raw</c> (readable by root): size, rated and configured speed in MT/s.
/// </summary>
public static class DmiMemory
{
    /// <summary>"2 x 16384 MiB at 3200 MT/s (rated 3200)", or null when no module could be read.</summary>
    public static string? Describe(string entries)
    {
        if (!Directory.Exists(entries))
            return null;
        var modules = new List<(long Mib, int Speed, int Configured)>();
        foreach (string entry in Directory.EnumerateDirectories(entries, "17-*"))
        {
            byte[] raw;
            try
            {
                raw = File.ReadAllBytes(Path.Combine(entry, "raw"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (Parse(raw) is { } module)
                modules.Add(module);
        }
        if (modules.Count == 0)
            return null;
        return string.Join("; ", modules.GroupBy(m => m).Select(g =>
            string.Create(CultureInfo.InvariantCulture, $"{g.Count()} x {g.Key.Mib} MiB at {(g.Key.Configured > 0 ? g.Key.Configured : g.Key.Speed)} MT/s (rated {g.Key.Speed})")));
    }

    /// <summary>A populated module of one type-17 structure; null for an empty slot or a short structure.</summary>
    public static (long Mib, int Speed, int Configured)? Parse(ReadOnlySpan<byte> raw)
    {
        // Header: type (0), length (1); size word at 0x0C, speed word at 0x15 (SMBIOS 2.3), configured speed at 0x20 (2.7).
        if (raw.Length < 0x17 || raw[0] != 17 || raw[1] < 0x17)
            return null;
        int size = raw[0x0C] | raw[0x0D] << 8;
        if (size is 0 or 0xFFFF)
            return null;
        long mib = size == 0x7FFF && raw[1] >= 0x20 && raw.Length >= 0x20
            ? BitConverter.ToInt32(raw[0x1C..0x20]) & 0x7FFFFFFF   // extended size, MiB
            : (size & 0x8000) != 0 ? (size & 0x7FFF) / 1024 : size; // KiB granularity when bit 15 is set
        int speed = raw[0x15] | raw[0x16] << 8;
        int configured = raw[1] >= 0x22 && raw.Length >= 0x22 ? raw[0x20] | raw[0x21] << 8 : 0;
        return (mib, speed, configured);
    }
}
