namespace EnergyBench.Models;

/// <summary>The bytes a folder's files take, for listings and build reports; a symlink counts as its target (a Hugging
/// Face snapshot is links into the repo's blobs).</summary>
public static class DiskSize
{
    public static long Bytes(string directory) => Directory.Exists(directory)
        ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories)
            .Sum(f => f.LinkTarget is null ? f.Length : f.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } target ? target.Length : 0)
        : 0;
}
