using EnergyBench.Campaign;

namespace EnergyBench.Tests;

/// <summary><c>merge</c> from the command line: the merged run is one that <c>analyze</c> and <c>compare</c> read; refusals list every difference and exit 2.</summary>
public sealed class MergeCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly IReadOnlyList<PlannedCase> _plan = SyntheticCampaign.Plan();

    public void Dispose() => _directory.Dispose();

    private string Shard(int index, int count, SyntheticCampaign.Machine? machine = null) =>
        SyntheticCampaign.Write(_directory.File($"shard-{index}"), _plan, new ShardSpec(index, count), machine);

    [Fact]
    public void Merged_shards_are_analysed_and_compared_as_one_run()
    {
        string merged = _directory.File("merged");
        var result = AppProcess.Run(["merge", Shard(1, 2), Shard(2, 2), "--out", merged], timeoutSeconds: 300);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"Merged {_plan.Count} case(s) from 2 run(s) into {merged}", result.Output);
        Assert.DoesNotContain("Warning", result.Output);

        var analysis = AppProcess.Run(["analyze", merged], timeoutSeconds: 300);
        Assert.True(analysis.ExitCode == 0, analysis.Output + analysis.Error);
        string markdown = File.ReadAllText(Path.Combine(merged, "analysis.md"));
        foreach (var c in _plan)
            Assert.Contains(c.Model, markdown);
        Assert.Contains("AMD EPYC 7B13", markdown); // the machine, from the merged run's environment.md

        var comparison = AppProcess.Run(["compare", merged, merged], timeoutSeconds: 300);
        Assert.True(comparison.ExitCode == 0, comparison.Output + comparison.Error);
        Assert.Contains("no regression", comparison.Output);
    }

    [Fact]
    public void Differing_runs_are_refused_listing_the_differences_and_merged_with_force()
    {
        string first = Shard(1, 2), second = Shard(2, 2, new SyntheticCampaign.Machine(Suite: "0123abc"));
        string merged = _directory.File("merged");

        var refused = AppProcess.Run(["merge", first, second, "--out", merged], timeoutSeconds: 300);
        Assert.Equal(2, refused.ExitCode);
        var lines = refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("error: merge: the runs differ in what their results depend on; give --force", lines[0]);
        Assert.Equal(["suite version: '4b63109' in shard-1; '0123abc' in shard-2"], lines[1..]);
        Assert.False(Directory.Exists(merged));

        var forced = AppProcess.Run(["merge", first, second, "--out", merged, "--force"], timeoutSeconds: 300);
        Assert.True(forced.ExitCode == 0, forced.Output + forced.Error);
        Assert.Contains("Warning: merged with --force although the runs differ: suite version: '4b63109' in shard-1; '0123abc' in shard-2", forced.Output);
    }

    [Fact]
    public void A_directory_that_is_not_a_campaign_is_one_line_and_exit_2()
    {
        string plain = Directory.CreateDirectory(_directory.File("plain")).FullName;
        var result = AppProcess.Run(["merge", plain, "--out", _directory.File("merged")], timeoutSeconds: 300);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {plain}: not a campaign run directory (no campaign.json); campaigns are runs made with --protocol, --order, --shard, --case-timeout or --resume",
            result.Error.Trim());
    }
}
