using System.Text.Json;

namespace EnergyBench.Tests;

/// <summary>
/// A campaign whose benchmark process is killed in the middle of its second case: the first case's results stay as
/// they were, a resume moves the cut-off attempt aside and reruns that case from its start, and the run directory
/// then holds every planned iteration exactly once.
/// </summary>
public class CampaignResumeTests(TestModel model) : IClassFixture<TestModel>
{
    [LinuxFact("it sends signals and finds the benchmark process through /proc")]
    public void Resume_keeps_the_finished_case_and_reruns_the_killed_one()
    {
        string run = Path.Combine(model.ArtifactsPath, "campaign-resume");
        var slowed = new Dictionary<string, string> { ["BENCH_TEST_DELAY_MS"] = "300" };
        using (var app = AppProcess.Start(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath,
                   "--max-new-tokens", "2", "--filter", "*OnnxCpu*", "*TorchCpu*", "--iterationCount", "6", "--warmupCount", "0",
                   "--idle", "0.2s", "--guard-prompts", "0", "--order", "plan", "--artifacts", run], slowed))
        {
            string second = WaitForSecondCase(app, run);
            RunWatch.WaitForIterations(app, second, count: 2);
            RunWatch.Signal(RunWatch.BenchmarkProcessOf(app.Process.Id), RunWatch.SigKill);
            var first = app.Wait();
            Assert.Equal(1, first.ExitCode);
            Assert.Contains("campaign: 1 done, 1 failed, 0 timed out, 0 not run", first.Output);
        }
        var cases = Directory.GetDirectories(Path.Combine(run, "cases")).Order().ToList();
        Assert.Equal(2, cases.Count);
        string firstCase = cases[0], secondCase = cases[1];
        var keptSamples = File.ReadAllText(Samples(firstCase));
        var keptRecord = File.ReadAllText(Path.Combine(firstCase, "case.json"));
        Assert.Equal("failed", Outcome(secondCase));

        var resumed = AppProcess.Run(["bench", "--resume", run], slowed);

        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Equal(keptSamples, File.ReadAllText(Samples(firstCase)));
        Assert.Equal(keptRecord, File.ReadAllText(Path.Combine(firstCase, "case.json")));
        Assert.Equal("done", Outcome(secondCase));
        using (var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(secondCase, "case.json"))))
            Assert.Equal(2, record.RootElement.GetProperty("attempt").GetInt32());
        string attempt = Assert.Single(Directory.GetDirectories(Path.Combine(run, "superseded")));
        Assert.Equal(Path.GetFileName(secondCase) + "-attempt1", Path.GetFileName(attempt));
        Assert.Contains("campaign: 2 done, 0 failed, 0 timed out, 0 not run", resumed.Output);

        // Every planned iteration once: 6 per case, none incomplete, nothing read from the superseded attempt.
        var analysis = AppProcess.Run(["analyze", run]);
        Assert.True(analysis.ExitCode == 0, analysis.Output + analysis.Error);
        foreach (string folder in cases)
        {
            var times = File.ReadAllLines(Samples(folder)).Skip(1).Select(l => l.Split(',')).Where(r => r[3] == "time_s").ToList();
            Assert.Equal(Enumerable.Range(1, 6).Select(i => i.ToString()), times.Select(r => r[2]).Order(StringComparer.Ordinal));
        }
        string markdown = File.ReadAllText(Path.Combine(run, "analysis.md"));
        Assert.Contains("2 case(s): 2 done", markdown);
        Assert.DoesNotContain("incomplete", markdown);
    }

    private static string WaitForSecondCase(AppProcess.Started app, string run)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline && !app.Process.HasExited)
        {
            string cases = Path.Combine(run, "cases");
            if (Directory.Exists(cases) && Directory.GetDirectories(cases).Order().ToList() is { Count: 2 } folders)
                return folders[1];
            Thread.Sleep(200);
        }
        throw new TimeoutException($"the second case never started in {run}; the app said:\n{app.Output}");
    }

    private static string Samples(string caseFolder) => Assert.Single(Directory.GetFiles(Path.Combine(caseFolder, "results"), "*-samples.csv"));

    private static string Outcome(string caseFolder)
    {
        using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(caseFolder, "case.json")));
        return record.RootElement.GetProperty("outcome").GetString()!;
    }
}
