using System.Text.Json;

namespace EnergyBench.Tests;

/// <summary>
/// A case that hangs past <c>--case-timeout</c>: the watchdog ends its benchmark process, the case is recorded as timed
/// out (case.json, samples flagged <c>case_timed_out</c>, the analysis says so), and the campaign goes on with the next case.
/// </summary>
public class CaseWatchdogTests(TestModel model) : IClassFixture<TestModel>
{
    [Fact]
    public void A_case_past_its_time_limit_is_ended_recorded_as_timed_out_and_the_next_case_runs()
    {
        string run = Path.Combine(model.ArtifactsPath, "campaign-watchdog");
        // The "hang" job sleeps 30 s in each of its 3 iterations; the 40 s limit ends it in its second.
        var result = AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath, "--max-new-tokens", "2",
            "--filter", "*OnnxCpu*", "--iterationCount", "3", "--warmupCount", "0", "--idle", "0.2s", "--guard-prompts", "0",
            "--job", "quick", "--job", "hang:BENCH_TEST_DELAY_MS=30000",
            "--order", "plan", "--case-timeout", "40s", "--artifacts", run]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("campaign: 1 done, 0 failed, 1 timed out, 0 not run", result.Output);
        var cases = Directory.GetDirectories(Path.Combine(run, "cases"))
            .Select(folder => (Folder: folder, Record: JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json"))).RootElement)).ToList();
        Assert.Equal(["done", "timed-out"], cases.Select(c => c.Record.GetProperty("outcome").GetString()).Order());
        var timedOut = cases.Single(c => c.Record.GetProperty("outcome").GetString() == "timed-out");
        Assert.Contains("hang", timedOut.Record.GetProperty("label").GetString());
        Assert.Contains("watchdog", timedOut.Record.GetProperty("reason").GetString());
        string samples = Assert.Single(Directory.GetFiles(Path.Combine(timedOut.Folder, "results"), "*-samples.csv"));
        Assert.Contains(File.ReadAllLines(samples), line => line.Contains(",case_timed_out,1,flag,watchdog"));

        var analysis = AppProcess.Run(["analyze", run]);
        Assert.Contains("1 timed out", File.ReadAllText(Path.Combine(run, "analysis.md")));
        Assert.True(analysis.ExitCode == 0, analysis.Output + analysis.Error);
    }
}
