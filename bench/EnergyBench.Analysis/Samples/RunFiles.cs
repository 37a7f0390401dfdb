using EnergyBench.Campaign;

namespace EnergyBench.Analysis.Samples;

/// <summary>
/// The results files under a run directory that belong to its analysis. A campaign moves interrupted attempts of a
/// case aside into a <see cref="CampaignLayout.SupersededFolder"/> folder when it reruns the case; their samples are partial
/// duplicates of the rerun, so they are never read.
/// </summary>
public static class RunFiles
{
    /// <summary>Files matching <paramref name="pattern"/> anywhere under <paramref name="directory"/>, except under a folder named superseded, sorted.</summary>
    public static IReadOnlyList<string> Under(string directory, string pattern) =>
        Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories)
            .Where(file => !IsSuperseded(Path.GetRelativePath(directory, file)))
            .Order()
            .ToList();

    /// <summary>Whether a path relative to the run directory goes through a superseded folder.</summary>
    private static bool IsSuperseded(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[..^1].Contains(CampaignLayout.SupersededFolder, StringComparer.Ordinal);
}
