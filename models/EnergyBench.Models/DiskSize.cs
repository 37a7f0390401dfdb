namespace EnergyBench.Models;

/// <summary>The bytes a folder's files take, for listings and build reports.</summary>
public static class DiskSize
{
    public static long Bytes(string directory) => Directory.Exists(directory)
        ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
        : 0;

    /// <summary>"812.4 MiB", "11.02 GiB".</summary>
    public static string Of(string directory) => Format(Bytes(directory));

    public static string Format(long bytes) => bytes >= 1L << 30
        ? $"{bytes / (double)(1L << 30):N2} GiB"
        : $"{bytes / (double)(1L << 20):N1} MiB";
}
