using EnergyBench.Diagnosers.RunEnvironment;

namespace EnergyBench.Campaign.Merge;

/// <summary>
/// <c>merge</c>: one campaign run directory from the run directories of its shards, which <c>analyze</c> and
/// <c>compare</c> read like a run made in one piece. The inputs are only read; every check is made before anything is
/// written, and the merged run is assembled beside its destination and moved there at the end, so a failed merge
/// leaves no half-merged directory.
/// </summary>
public static class RunMerge
{
    public const string RecordFile = "merge.md", ShardsFolder = "shards";

    public static MergeResult Merge(IReadOnlyList<string> directories, string output, bool force)
    {
        if (directories.Count == 0)
            throw new ArgumentException("merge: give the run directories of the shards to merge");
        var inputs = MergeInput.Read(directories);
        string destination = CheckOutput(output, inputs);
        RefuseCollisions(inputs);
        var differences = RunComparison.Differences(inputs);
        if (differences.Count > 0 && !force)
            throw new MergeRefusedException("merge: the runs differ in what their results depend on; give --force to merge them anyway " +
                                            "(the differences are then recorded in the merged run)", differences);

        var merged = new List<(PlannedCase Case, MergeInput Input)>();
        var unmerged = new List<UnmergedCase>();
        foreach (var input in inputs)
            foreach (var c in input.Plan.Cases)
            {
                var record = CaseRecord.Read(CampaignLayout.CaseRecordPath(input.Directory, c));
                if (record is { IsFinal: true })
                    merged.Add((c, input));
                else
                    unmerged.Add(new UnmergedCase(c, input, record is null ? "never started"
                        : $"{Outcome(record.Outcome)}, resume its shard first (./run.sh bench --resume {input.Directory})"));
            }
        var planned = inputs.SelectMany(i => i.Plan.Cases).ToList();
        var result = new MergeResult(destination, inputs, merged.Select(m => m.Case).OrderBy(c => c.Index).ToList(), differences, unmerged,
            Math.Max(0, inputs[0].Plan.PlanCaseCount - planned.Count), MissingShards(inputs));

        string staging = Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.merging-{Environment.ProcessId}");
        try
        {
            Write(staging, result, merged, planned);
            if (Directory.Exists(destination))
                Directory.Delete(destination); // empty, checked above
            Directory.Move(staging, destination);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
        return result;
    }

    /// <summary>The destination as a full path: a new or empty directory that is neither an input nor inside one.</summary>
    private static string CheckOutput(string output, IReadOnlyList<MergeInput> inputs)
    {
        string destination = Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (File.Exists(destination))
            throw new ArgumentException($"--out {output}: is a file; give a new or empty directory");
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
            throw new ArgumentException($"--out {output}: is not empty; give a new or empty directory");
        if (inputs.FirstOrDefault(i => destination == i.Directory || destination.StartsWith(i.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal)) is { } inside)
            throw new ArgumentException($"--out {output}: is inside the input {inside.Directory}, whose analysis would then read the merged run too; write it elsewhere");
        return destination;
    }

    /// <summary>Refuses, even with --force, inputs that planned one case twice or give two cases the same folder.</summary>
    private static void RefuseCollisions(IReadOnlyList<MergeInput> inputs)
    {
        var cases = inputs.SelectMany(input => input.Plan.Cases.Select(c => (Case: c, Input: input))).ToList();
        var twice = cases.GroupBy(x => x.Case.Key, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} is in {string.Join(" and ", g.Select(x => x.Input.Name))}").ToList();
        if (twice.Count > 0)
            throw new MergeRefusedException($"merge: {twice.Count} case(s) are in more than one input (measured twice?); give each shard once, " +
                                            "the one to keep", twice);
        var clashes = cases.GroupBy(x => x.Case.FolderName, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"cases/{g.Key} is {string.Join(" and ", g.Select(x => $"{x.Case.Key} in {x.Input.Name}"))}").ToList();
        if (clashes.Count > 0)
            throw new MergeRefusedException("merge: the inputs give different cases the same folder, so they come from different plans; " +
                                            "merge only shards of one plan", clashes);
    }

    /// <summary>Shards i/n that no input holds, when the inputs are shards of one n.</summary>
    private static IReadOnlyList<string> MissingShards(IReadOnlyList<MergeInput> inputs)
    {
        var shards = inputs.Select(i => TryParse(i.Plan.Shard)).ToList();
        if (shards.Any(s => s is null) || shards.Select(s => s!.Count).Distinct().Count() != 1)
            return [];
        int count = shards[0]!.Count;
        return Enumerable.Range(1, count).Where(i => shards.All(s => s!.Index != i)).Select(i => $"{i}/{count}").ToList();
    }

    private static ShardSpec? TryParse(string? shard)
    {
        try
        {
            return shard is null ? null : ShardSpec.Parse(shard);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void Write(string staging, MergeResult result, IReadOnlyList<(PlannedCase Case, MergeInput Input)> merged, IReadOnlyList<PlannedCase> planned)
    {
        Directory.CreateDirectory(staging);
        foreach (var (c, input) in merged)
            CopyDirectory(CampaignLayout.CaseDirectory(input.Directory, c), CampaignLayout.CaseDirectory(staging, c));

        var first = result.Inputs[0];
        var plan = first.Plan with
        {
            Shard = null,
            Arguments = RunComparison.ComparableArguments(first.Plan.Arguments),
            Cases = planned.OrderBy(c => c.Index).ToList(),
            MergedFrom = result.Inputs.Select(i => i.Directory).ToList(),
        };
        plan.Write(staging);

        foreach (var input in result.Inputs)
        {
            string shard = Path.Combine(staging, ShardsFolder, input.Name);
            Directory.CreateDirectory(shard);
            foreach (string file in new[] { CampaignLayout.PlanFile, EnvironmentRecord.JsonFile, EnvironmentRecord.MarkdownFile })
                if (File.Exists(Path.Combine(input.Directory, file)))
                    File.Copy(Path.Combine(input.Directory, file), Path.Combine(shard, file));
        }
        if (result.Inputs.FirstOrDefault(i => i.Environment is not null) is { } described)
        {
            File.Copy(Path.Combine(described.Directory, EnvironmentRecord.JsonFile), Path.Combine(staging, EnvironmentRecord.JsonFile));
            string markdown = Path.Combine(described.Directory, EnvironmentRecord.MarkdownFile);
            // The analysis shows environment.md: a forced merge says there that the shards' machines or settings differed.
            string note = result.Differences.Count == 0 ? ""
                : $"\nMerged with --force from runs that differ (see {RecordFile}; this table is {described.Name}'s):\n\n" +
                  string.Concat(result.Differences.Select(d => $"- {d}\n"));
            File.WriteAllText(Path.Combine(staging, EnvironmentRecord.MarkdownFile), (File.Exists(markdown) ? File.ReadAllText(markdown) : "") + note);
        }
        File.WriteAllText(Path.Combine(staging, RecordFile), MergeRecord.Markdown(result));
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        foreach (string directory in Directory.EnumerateDirectories(source))
            CopyDirectory(directory, Path.Combine(destination, Path.GetFileName(directory)));
    }

    /// <summary>The outcome as case.json spells it (<c>timed-out</c>).</summary>
    private static string Outcome(CaseOutcome outcome) =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(outcome.ToString());
}
