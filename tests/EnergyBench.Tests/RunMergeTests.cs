using EnergyBench.Campaign.Merge;
using EnergyBench.Campaign;
using EnergyBench.Diagnosers.RunEnvironment;

namespace EnergyBench.Tests;

/// <summary>
/// Merging the run directories of a campaign's shards: the merged run holds exactly the shards' finished cases and
/// samples; runs that differ in what results depend on, or that measured a case twice, are refused before anything is
/// written; gaps in the plan are named.
/// </summary>
public sealed class RunMergeTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly IReadOnlyList<PlannedCase> _plan = SyntheticCampaign.Plan();

    public void Dispose() => _directory.Dispose();

    private string Shard(int index, int count, SyntheticCampaign.Machine? machine = null, Func<PlannedCase, CaseOutcome?>? outcome = null, string? name = null) =>
        SyntheticCampaign.Write(_directory.File(name ?? $"shard-{index}"), _plan, new ShardSpec(index, count), machine, outcome);

    private string Output => _directory.File("merged");

    [Fact]
    public void Shards_merge_into_one_run_with_every_case_and_exactly_their_samples()
    {
        string[] shards = [Shard(1, 3), Shard(2, 3), Shard(3, 3)];
        var inputRows = shards.SelectMany(SyntheticCampaign.Rows).Order(StringComparer.Ordinal).ToList();

        var result = RunMerge.Merge(shards, Output, force: false);

        Assert.Equal(inputRows, SyntheticCampaign.Rows(Output));
        Assert.Equal(_plan.Select(c => c.FolderName).Order(), Directory.GetDirectories(Path.Combine(Output, CampaignLayout.CasesFolder)).Select(Path.GetFileName).Order());
        Assert.All(_plan, c => Assert.Equal(CaseOutcome.Done, CaseRecord.Read(CampaignLayout.CaseRecordPath(Output, c))!.Outcome));
        Assert.Equal(_plan.Count, result.Merged.Count);
        Assert.Empty(result.Differences);
        Assert.Empty(MergeRecord.Warnings(result));

        var merged = CampaignPlan.Read(Output);
        Assert.Null(merged.Shard);
        Assert.Equal(shards.Select(Path.GetFullPath), merged.MergedFrom);
        Assert.Equal(_plan.Select(c => c.Key), merged.Cases.Select(c => c.Key)); // by index, as planned
        Assert.Equal(_plan.Count, merged.PlanCaseCount);
        Assert.Equal(["--protocol", "paper", "--threads", "2"], merged.Arguments); // where each shard ran is not the merged run's
        Assert.Equal("AMD EPYC 7B13", EnvironmentRecord.Read(Output)!.Value("cpu", "model"));
        foreach (string shard in shards)
        {
            string kept = Path.Combine(Output, RunMerge.ShardsFolder, Path.GetFileName(shard));
            Assert.Equal(File.ReadAllText(Path.Combine(shard, EnvironmentRecord.JsonFile)), File.ReadAllText(Path.Combine(kept, EnvironmentRecord.JsonFile)));
            Assert.True(File.Exists(Path.Combine(kept, EnvironmentRecord.MarkdownFile)));
            Assert.Equal(CampaignPlan.Read(shard).Shard, CampaignPlan.Read(kept).Shard);
            Assert.NotEmpty(SyntheticCampaign.Rows(shard)); // copied, not moved
        }
        Assert.Contains("6 case(s) merged from 3 run(s)", File.ReadAllText(Path.Combine(Output, RunMerge.RecordFile)));
        Assert.Empty(Directory.GetDirectories(_directory.Path, ".merged*")); // no staging folder left
    }

    [Fact]
    public void Runs_that_differ_in_cpu_suite_or_protocol_are_refused_with_every_difference_and_nothing_written()
    {
        string first = Shard(1, 2);
        string second = Shard(2, 2, new SyntheticCampaign.Machine(Cpu: "Intel Xeon Platinum 8480", Suite: "0123abc (modified)", Protocol: "quick"));

        var refused = Assert.Throws<MergeRefusedException>(() => RunMerge.Merge([first, second], Output, force: false));

        Assert.Contains("--force", refused.Message);
        Assert.Contains("CPU model: 'AMD EPYC 7B13' in shard-1; 'Intel Xeon Platinum 8480' in shard-2", refused.Reasons);
        Assert.Contains("suite version: '4b63109' in shard-1; '0123abc (modified)' in shard-2", refused.Reasons);
        Assert.Contains("protocol: 'paper' in shard-1; 'quick' in shard-2", refused.Reasons);
        Assert.Contains("arguments: '--protocol paper --threads 2' in shard-1; '--protocol quick --threads 2' in shard-2", refused.Reasons);
        Assert.Equal(4, refused.Reasons.Count);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void Runs_that_differ_in_gpu_settings_or_plan_size_are_refused_but_not_for_where_each_shard_ran()
    {
        string first = Shard(1, 2);
        string second = Shard(2, 2, new SyntheticCampaign.Machine(Gpu: "NVIDIA H100 80GB HBM3", Threads: "4", ExtraArguments: ["--artifacts=elsewhere"]));
        var other = CampaignPlan.Read(second);
        (other with { PlanCaseCount = 7 }).Write(second);

        var refused = Assert.Throws<MergeRefusedException>(() => RunMerge.Merge([first, second], Output, force: false));

        Assert.Equal(["GPU models", "plan size", "arguments", "setting BENCH_THREADS"], refused.Reasons.Select(r => r[..r.IndexOf(':')]));
        Assert.Contains("GPU models: 'none' in shard-1; '0: NVIDIA H100 80GB HBM3' in shard-2", refused.Reasons);
    }

    [Fact]
    public void Force_merges_differing_runs_and_records_the_differences_where_the_analysis_shows_them()
    {
        string first = Shard(1, 2);
        string second = Shard(2, 2, new SyntheticCampaign.Machine(Cpu: "Intel Xeon Platinum 8480"));

        var result = RunMerge.Merge([first, second], Output, force: true);

        string difference = "CPU model: 'AMD EPYC 7B13' in shard-1; 'Intel Xeon Platinum 8480' in shard-2";
        Assert.Equal([difference], result.Differences);
        Assert.Equal(_plan.Count, result.Merged.Count);
        Assert.Contains($"- {difference}", File.ReadAllText(Path.Combine(Output, RunMerge.RecordFile)));
        Assert.Contains("## Differences (merged with --force)", File.ReadAllText(Path.Combine(Output, RunMerge.RecordFile)));
        string environment = File.ReadAllText(Path.Combine(Output, EnvironmentRecord.MarkdownFile));
        Assert.StartsWith(File.ReadAllText(Path.Combine(first, EnvironmentRecord.MarkdownFile)), environment);
        Assert.Contains($"Merged with --force from runs that differ", environment);
        Assert.Contains(difference, environment);
    }

    [Fact]
    public void A_case_in_two_inputs_is_refused_even_with_force()
    {
        string first = Shard(1, 2), second = Shard(2, 2);
        string again = Shard(1, 2, name: "shard-1-rerun");

        var refused = Assert.Throws<MergeRefusedException>(() => RunMerge.Merge([first, second, again], Output, force: true));

        Assert.Contains("measured twice", refused.Message);
        var shardOne = ShardPartition.Cases(_plan, new ShardSpec(1, 2));
        Assert.Equal(shardOne.Select(c => $"{c.Key} is in shard-1 and shard-1-rerun"), refused.Reasons);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void A_missing_shard_and_cases_not_ended_are_named_and_left_out()
    {
        var three = Enumerable.Range(1, 3).Select(i => ShardPartition.Cases(_plan, new ShardSpec(i, 3))).ToList();
        var interrupted = three[1][0];
        var neverStarted = three[1][^1];
        string first = Shard(1, 3);
        string second = Shard(2, 3, outcome: c => c == interrupted ? CaseOutcome.Interrupted : c == neverStarted ? null : CaseOutcome.Done);

        var result = RunMerge.Merge([first, second], Output, force: false);

        Assert.Equal(three[0].Concat(three[1]).Except([interrupted, neverStarted]).Select(c => c.Key).Order(), result.Merged.Select(c => c.Key).Order());
        Assert.False(Directory.Exists(CampaignLayout.CaseDirectory(Output, interrupted)));
        Assert.Equal(three[2].Count, result.Absent);
        Assert.Equal(["3/3"], result.MissingShards);
        var warnings = MergeRecord.Warnings(result);
        Assert.Equal(3, warnings.Count);
        Assert.Equal($"{three[2].Count} of the plan's {_plan.Count} cases are in no input: shard(s) 3/3 not given (failed before writing their run?)", warnings[0]);
        Assert.Contains(warnings, w => w.StartsWith("1 case(s) not merged, interrupted, resume its shard first (./run.sh bench --resume ", StringComparison.Ordinal)
                                       && w.Contains($"{interrupted.FolderName} ({interrupted.Label}) in shard-2"));
        Assert.Contains($"1 case(s) not merged, never started: {neverStarted.FolderName} ({neverStarted.Label}) in shard-2", warnings);
        Assert.Contains(warnings[0], File.ReadAllText(Path.Combine(Output, RunMerge.RecordFile)));
        Assert.Equal(three[0].Concat(three[1]).Select(c => c.Key).Order(), CampaignPlan.Read(Output).Cases.Select(c => c.Key).Order()); // a resume of the merged run would run them
    }

    [Fact]
    public void A_running_case_is_not_merged()
    {
        var running = ShardPartition.Cases(_plan, new ShardSpec(1, 1))[2];
        string only = Shard(1, 1, outcome: c => c == running ? CaseOutcome.Running : CaseOutcome.Failed);

        var result = RunMerge.Merge([only], Output, force: false);

        Assert.Equal(_plan.Count - 1, result.Merged.Count);
        Assert.Equal(running.Key, Assert.Single(result.Unmerged).Case.Key);
        Assert.StartsWith("running, resume its shard first", result.Unmerged[0].Reason);
    }

    [Fact]
    public void Shards_with_the_same_folder_name_keep_their_records_apart()
    {
        string first = Shard(1, 2, name: Path.Combine("a", "run")), second = Shard(2, 2, name: Path.Combine("b", "run"));

        RunMerge.Merge([first, second], Output, force: false);

        Assert.Equal(["run", "run-2"], Directory.GetDirectories(Path.Combine(Output, RunMerge.ShardsFolder)).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_directory_that_is_not_a_campaign_or_an_output_in_use_is_refused_in_one_line()
    {
        string shard = Shard(1, 1);
        string plain = Directory.CreateDirectory(_directory.File("plain")).FullName;

        var notCampaign = Assert.ThrowsAny<IOException>(() => RunMerge.Merge([shard, plain], Output, force: false));
        Assert.StartsWith($"{plain}: not a campaign run directory (no campaign.json)", notCampaign.Message);

        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Output).FullName, "notes.txt"), "kept");
        Assert.StartsWith("--out ", Assert.Throws<ArgumentException>(() => RunMerge.Merge([shard], Output, force: false)).Message);
        Assert.Contains("is not empty", Assert.Throws<ArgumentException>(() => RunMerge.Merge([shard], Output, force: false)).Message);
        Assert.Contains("is inside the input", Assert.Throws<ArgumentException>(() => RunMerge.Merge([shard], Path.Combine(shard, "merged"), force: false)).Message);
        Assert.Contains("is given twice", Assert.Throws<ArgumentException>(() => RunMerge.Merge([shard, shard + "/"], _directory.File("new"), force: false)).Message);
        Assert.Equal("kept", File.ReadAllText(Path.Combine(Output, "notes.txt")));
    }

    [Fact]
    public void An_empty_output_directory_is_used()
    {
        Directory.CreateDirectory(Output);
        var result = RunMerge.Merge([Shard(1, 1)], Output, force: false);
        Assert.Equal(_plan.Count, result.Merged.Count);
        Assert.True(CampaignLayout.IsCampaign(Output));
    }
}
