using EnergyBench.Running;

namespace EnergyBench.Tests;

/// <summary>
/// Two runs in one checkout would share BenchmarkDotNet's generated program folders beside the app: the second is
/// refused, in one line naming the run that holds them, before anything is built.
/// </summary>
public class RunLockTests(TestModel model) : IClassFixture<TestModel>
{
    [Fact]
    public void A_second_lock_on_the_same_folder_is_refused_naming_the_holder_until_the_first_is_released()
    {
        using var folder = new TempDirectory();
        using (RunLock.Acquire("/runs/first", folder.Path))
        {
            var refused = Assert.Throws<RunLockedException>(() => RunLock.Acquire("/runs/second", folder.Path));
            Assert.Contains("/runs/first", refused.Message);
            Assert.Contains($"pid {Environment.ProcessId}", refused.Message);
        }
        using var again = RunLock.Acquire("/runs/third", folder.Path);
    }

    [Fact]
    public void Bench_refuses_to_start_while_another_run_holds_the_apps_program_folder()
    {
        string appFolder = Path.GetDirectoryName(typeof(BenchRunner).Assembly.Location)!;
        using (RunLock.Acquire("/runs/holding", appFolder))
        {
            var result = AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath,
                "--filter", "*OnnxCpu*", "--artifacts", Path.Combine(model.ArtifactsPath, "refused")], timeoutSeconds: 300);
            Assert.Equal(2, result.ExitCode);
            string error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: another benchmark run is using this build's program folder", error);
            Assert.Contains("/runs/holding", error);
            Assert.DoesNotContain("BenchmarkRunner: Start", result.Output); // refused before BenchmarkDotNet started
        }
    }
}
