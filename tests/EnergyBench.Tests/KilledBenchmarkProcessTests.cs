namespace EnergyBench.Tests;

/// <summary>
/// A benchmark process killed in the middle of a case: the iterations it had finished are kept in the samples, marked
/// incomplete, and the report says so; the run goes on.
/// </summary>
public class KilledBenchmarkProcessTests(TestModel model) : IClassFixture<TestModel>
{
    [LinuxFact("it sends signals and finds the benchmark process through /proc")]
    public void Iterations_measured_before_a_kill_are_kept_and_marked_incomplete()
    {
        string run = Path.Combine(model.ArtifactsPath, "killed");
        using var app = AppProcess.Start(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath,
                "--max-new-tokens", "2", "--filter", "*OnnxCpu*", "--iterationCount", "20", "--warmupCount", "0",
                "--idle", "0.2s", "--guard-prompts", "0", "--artifacts", run],
            new Dictionary<string, string> { ["BENCH_TEST_DELAY_MS"] = "500" });
        RunWatch.WaitForIterations(app, run, count: 2);
        RunWatch.Signal(RunWatch.BenchmarkProcessOf(app.Process.Id), RunWatch.SigKill);
        var result = app.Wait();

        Assert.Equal(1, result.ExitCode); // a case failed
        Assert.Matches(@"INCOMPLETE: the benchmark process ended after \d+ of 20 measured iterations, before reporting its results \(exit code 137\)", result.Output);
        var rows = SamplesOf(run);
        var times = rows.Where(r => r[3] == "time_s").ToList();
        Assert.InRange(times.Count, 2, 19);
        Assert.All(times, r => Assert.True(double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture) >= 0.5));
        var iterations = times.Select(r => r[2]).ToHashSet();
        Assert.Equal(iterations, rows.Where(r => r[3] == "case_incomplete" && r[4] == "1").Select(r => r[2]).ToHashSet());
        Assert.Equal(iterations, rows.Where(r => r[3] == "iterations_planned" && r[4] == "20").Select(r => r[2]).ToHashSet());
        Assert.All(rows, r => Assert.Equal("onnx-cpu", r[1]));
    }

    internal static List<string[]> SamplesOf(string run)
    {
        string file = Assert.Single(Directory.GetFiles(Path.Combine(run, "results"), "*-samples.csv"));
        var lines = File.ReadAllLines(file);
        Assert.Equal("model,configuration,iteration,metric,value,unit,source", lines[0]);
        return lines.Skip(1).Select(line => line.Split(',')).ToList();
    }
}
