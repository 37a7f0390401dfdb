using YamlDotNet.RepresentationModel;
using static EnergyBench.Tests.ClusterExamples;

namespace EnergyBench.Tests;

/// <summary>
/// The GitHub Actions workflow parses and holds what Actions needs: a manual trigger, a plan job, a matrix of shards
/// on measurement runners with a parallel limit, an artifact per shard, and a merge job that reports.
/// </summary>
public sealed class GitHubActionsExampleTests
{
    private static readonly YamlMappingNode Workflow = YamlDocuments(GitHubActions).Single();

    private static YamlNode Job(string name) => At(Workflow, "jobs." + name);

    private static IEnumerable<string> Uses(YamlNode job) => Items(job, "steps").Where(s => Has(s, "uses")).Select(s => Text(s, "uses"));

    private static IEnumerable<string> Needs(YamlNode job) =>
        At(job, "needs") is YamlSequenceNode list ? list.Children.Select(Scalar) : [Text(job, "needs")];

    [Fact]
    public void It_is_started_by_hand_and_runs_plan_shards_and_merge_in_order()
    {
        Assert.True(Has(At(Workflow, "on"), "workflow_dispatch"));
        Assert.Equal(["plan", "shards", "merge"], Assert.IsType<YamlMappingNode>(At(Workflow, "jobs")).Children.Keys.Select(Scalar));
        Assert.Equal(["plan"], Needs(Job("shards")));
        Assert.Equal(["shards"], Needs(Job("merge")));
        Assert.Contains(Uses(Job("plan")), u => u.StartsWith("actions/upload-artifact@", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shards_are_a_matrix_of_1_to_n_on_measurement_runners_one_per_machine()
    {
        var shards = Job("shards");
        var matrix = Items(shards, "strategy.matrix.shard").Select(n => int.Parse(Scalar(n))).ToList();
        int count = int.Parse(Text(Workflow, "env.SHARDS"));

        Assert.Equal(Enumerable.Range(1, count), matrix);
        int maxParallel = int.Parse(Text(shards, "strategy.max-parallel"));
        Assert.InRange(maxParallel, 1, count);
        Assert.Equal("false", Text(shards, "strategy.fail-fast"));
        var labels = Items(shards, "runs-on").Select(Scalar).ToList();
        Assert.Contains("self-hosted", labels);
        Assert.Contains("energy", labels);
        Assert.Equal(labels, Items(Job("plan"), "runs-on").Select(Scalar)); // the plan calibrates on the same kind of machine
    }

    [Fact]
    public void Each_shard_uploads_its_run_directory_even_when_it_fails()
    {
        var upload = Items(Job("shards"), "steps").Single(s => Has(s, "uses") && Text(s, "uses").StartsWith("actions/upload-artifact@", StringComparison.Ordinal));

        Assert.Equal("always()", Text(upload, "if"));
        Assert.Equal("shard-${{ matrix.shard }}", Text(upload, "with.name"));
        Assert.Equal("runs/shard-${{ matrix.shard }}", Text(upload, "with.path"));
    }

    [Fact]
    public void The_merge_downloads_every_shard_and_uploads_the_report()
    {
        var merge = Job("merge");
        var download = Items(merge, "steps").Single(s => Has(s, "uses") && Text(s, "uses").StartsWith("actions/download-artifact@", StringComparison.Ordinal));

        Assert.Equal("shard-*", Text(download, "with.pattern"));
        Assert.Contains(Uses(merge), u => u.StartsWith("actions/upload-artifact@", StringComparison.Ordinal));
        Assert.Equal("${{ !cancelled() }}", Text(merge, "if"));
    }
}
