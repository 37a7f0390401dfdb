namespace EnergyBench.Tests;

/// <summary>
/// Ctrl-C during a run: the run stops cleanly, writes what was measured (the case in progress as incomplete), starts
/// no further case, says what it kept and where, and exits non-zero.
/// </summary>
public class InterruptedRunTests(TestModel model) : IClassFixture<TestModel>
{
    [LinuxFact("it sends signals and finds the benchmark process through /proc")]
    public void Ctrl_C_keeps_the_measured_iterations_runs_no_further_case_and_exits_130()
    {
        string run = Path.Combine(model.ArtifactsPath, "interrupted");
        using var app = AppProcess.Start(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath,
                "--max-new-tokens", "2", "--filter", "*OnnxCpu*", "*TorchCpu*", "--iterationCount", "20", "--warmupCount", "0",
                "--idle", "0.2s", "--guard-prompts", "0", "--artifacts", run],
            new Dictionary<string, string> { ["BENCH_TEST_DELAY_MS"] = "500" });
        string log = RunWatch.WaitForIterations(app, run, count: 2);
        RunWatch.Signal(app.Process.Id, RunWatch.SigInt);
        var result = app.Wait();

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("Ctrl-C: stopping after writing what was measured", result.Error);
        Assert.Matches(@"stopped by Ctrl-C: 0 case\(s\) measured in full, 1 incomplete \[\w+ \(\d+ iterations\)\], 1 not run", result.Error);
        Assert.Contains($"kept: reports and samples in {Path.Combine(run, "results")}; every meter sample and iteration window as taken in {Path.Combine(run, "raw")}", result.Error);
        // Only the case in progress measured anything: one iteration log, and its iterations are in the samples.
        Assert.Single(Directory.GetFiles(Path.Combine(run, "raw"), "*-iterations.log"), log);
        var rows = Directory.GetFiles(Path.Combine(run, "results"), "*-samples.csv")
            .SelectMany(file => File.ReadAllLines(file).Skip(1)).Select(line => line.Split(',')).ToList();
        int iterations = rows.Count(r => r[3] == "time_s");
        Assert.InRange(iterations, 2, 19);
        Assert.Equal(iterations, rows.Count(r => r[3] == "case_incomplete"));
    }
}
