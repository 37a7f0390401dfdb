using EnergyBench.Diagnosers.RunEnvironment;

namespace EnergyBench.Campaign.Merge;

/// <summary>One run directory given to <c>merge</c>: its plan, its environment record (null when it has none) and a short name.</summary>
/// <param name="Name">The directory's own name, made unique among the inputs; the merged run keeps its records under <c>shards/NAME/</c>.</param>
public sealed record MergeInput(string Directory, string Name, CampaignPlan Plan, EnvironmentRecord? Environment)
{
    /// <summary>Reads each directory's plan (an error naming the directory when it is not a campaign) and environment.</summary>
    public static IReadOnlyList<MergeInput> Read(IReadOnlyList<string> directories)
    {
        var inputs = new List<MergeInput>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string given in directories)
        {
            string directory = Path.GetFullPath(given).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (inputs.Any(i => i.Directory == directory))
                throw new ArgumentException($"merge: {given} is given twice; give each run directory once");
            var plan = CampaignPlan.Read(directory);
            // Shards are often all named after their number in different parents (a/run, b/run): keep every record.
            string name = Path.GetFileName(directory) is { Length: > 0 } own ? own : "run";
            string unique = name;
            for (int n = 2; !names.Add(unique); n++)
                unique = $"{name}-{n}";
            inputs.Add(new MergeInput(directory, unique, plan, EnvironmentRecord.Read(directory)));
        }
        return inputs;
    }
}
