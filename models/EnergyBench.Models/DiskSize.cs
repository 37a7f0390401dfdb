namespace EnergyBench.Models;

/// <summary>The bytes a folder's files take, for listings and build reports.</summary>
public static class DiskSize
{
    public static long Bytes(string directory) => Directory.Exists(directory)
        ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
        : 0;
}
