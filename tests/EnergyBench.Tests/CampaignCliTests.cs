using System.Text.Json.Nodes;

namespace EnergyBench.Tests;

/// <summary>
/// The campaign options from the command line, on a dry run's plan: the dry run estimates and writes the plan and runs
/// nothing; a resume refuses, before anything is built, a plan made with other code or settings, extra options, and a
/// new run into a folder that already holds a campaign, and a run begun on another kind of machine.
/// </summary>
public class CampaignCliTests(TestModel model) : IClassFixture<TestModel>
{
    private string[] Options(string run) => ["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath, "--max-new-tokens", "2",
        "--filter", "*OnnxCpu*", "--iterationCount", "2", "--warmupCount", "0", "--idle", "0.2s", "--seed", "5", "--artifacts", run];

    [Fact]
    public void A_dry_run_writes_an_estimated_plan_and_a_resume_refuses_changed_code_settings_or_options()
    {
        string run = Path.Combine(model.ArtifactsPath, "campaign-cli");
        var dry = AppProcess.Run([.. Options(run), "--dry-run"]);

        Assert.True(dry.ExitCode == 0, dry.Output + dry.Error);
        Assert.Contains("Plan: 1 cases, estimated", dry.Output);
        Assert.Contains("calibrated here", dry.Output);
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "campaign.json")))!;
        Assert.Equal("random", (string?)plan["order"]);
        Assert.Equal(5, (int?)plan["seed"]);
        var planned = Assert.Single(plan["cases"]!.AsArray());
        Assert.True((double)planned!["estimate_seconds"]! > 0);
        Assert.False(Directory.Exists(Path.Combine(run, "cases")), "a dry run runs nothing");

        var again = AppProcess.Run(Options(run));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"{run} already holds a campaign; continue it with --resume {run}", again.Error);

        var extra = AppProcess.Run(["bench", "--resume", run, "--threads", "1"]);
        Assert.Equal(2, extra.ExitCode);
        Assert.Contains("--resume runs with the options the run was started with", extra.Error);

        plan["suite_version"] = "0000000000000000000000000000000000000000";
        plan["settings"]!["BENCH_THREADS"] = "7";
        File.WriteAllText(Path.Combine(run, "campaign.json"), plan.ToJsonString());
        var changed = AppProcess.Run(["bench", "--resume", run]);
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("cannot resume: the run was made with different code or settings (suite version: 0000000000000000000000000000000000000000 (then) vs ", changed.Error);
        Assert.Contains("BENCH_THREADS: 7 (then) vs (unset) (now)", changed.Error);
        Assert.Contains("add --force", changed.Error);
        Assert.False(Directory.Exists(Path.Combine(run, "cases")), "a refused resume runs nothing");

        // Measured so far on another kind of machine: refused as well, naming both CPU models.
        new EnergyBench.Diagnosers.RunEnvironment.EnvironmentRecord([new("cpu", "model", "Another CPU 9000")]).Write(run);
        var elsewhere = AppProcess.Run(["bench", "--resume", run]);
        Assert.Equal(2, elsewhere.ExitCode);
        Assert.Contains("CPU model: 'Another CPU 9000' in then; ", elsewhere.Error);
    }
}
