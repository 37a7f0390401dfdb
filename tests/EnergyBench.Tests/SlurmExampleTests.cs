using System.Text.RegularExpressions;

namespace EnergyBench.Tests;

/// <summary>The Slurm job array gives each shard a whole node, and its shard count agrees with the array and the merge.</summary>
public sealed partial class SlurmExampleTests
{
    private static string Read(string name) => File.ReadAllText(ClusterExamples.PathOf(name));

    private static IReadOnlyList<string> Directives(string script) =>
        script.Split('\n').Where(l => l.StartsWith("#SBATCH ", StringComparison.Ordinal)).Select(l => l["#SBATCH ".Length..].Trim()).ToList();

    private static int Shards(string script) => int.Parse(ShardsAssignment().Match(script) is { Success: true } m ? m.Groups[1].Value : "-1");

    [Fact]
    public void The_array_runs_one_task_per_shard_each_alone_on_one_node()
    {
        string script = Read("slurm.sbatch");
        var directives = Directives(script);

        Assert.Contains("--exclusive", directives);
        Assert.Contains("--nodes=1", directives);
        Assert.Contains("--ntasks=1", directives);
        var array = directives.Select(d => ArrayDirective().Match(d)).Single(m => m.Success);
        Assert.Equal(1, int.Parse(array.Groups[1].Value));
        Assert.Equal(Shards(script), int.Parse(array.Groups[2].Value));
        Assert.Contains("--shard \"$shard/$shards\"", script);
        Assert.Contains("shard=${SLURM_ARRAY_TASK_ID", script);
    }

    [Fact]
    public void The_merge_reads_every_shard_of_the_array_after_any_ending()
    {
        string array = Read("slurm.sbatch"), merge = Read("slurm-merge.sbatch");

        Assert.Equal(Shards(array), Shards(merge));
        Assert.Contains("sbatch --dependency=afterany:", array); // how to submit it, in the array's header
        Assert.DoesNotContain("--exclusive", Directives(merge));   // it measures nothing
    }

    [GeneratedRegex(@"^--array=(\d+)-(\d+)$")]
    private static partial Regex ArrayDirective();

    [GeneratedRegex(@"(?m)^shards=(\d+)$")]
    private static partial Regex ShardsAssignment();
}
