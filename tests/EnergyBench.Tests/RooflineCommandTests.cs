namespace EnergyBench.Tests;

/// <summary><c>roofline</c>'s argument errors: one line and exit code 2, before anything is measured.</summary>
public class RooflineCommandTests
{
    [Theory]
    [InlineData(new[] { "--threads", "0" }, "error: --threads: 0 is not between 1 and 1024")]
    [InlineData(new[] { "--buffer-mib", "8" }, "error: --buffer-mib: 8 is not between 64 and 4096")]
    [InlineData(new[] { "--repetitions", "0" }, "error: --repetitions: 0 is not between 1 and 1000")]
    [InlineData(new[] { "--max-new-tokens", "0" }, "error: --max-new-tokens: 0 is not between 1 and 1000000")]
    [InlineData(new[] { "--run", "/nonexistent/run" }, "error: --run: /nonexistent/run: no such run directory")]
    public void Bad_arguments_give_one_line_and_exit_code_2(string[] args, string expected)
    {
        var result = AppProcess.Run(["roofline", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Error.Trim());
        Assert.Empty(result.Output.Trim());
    }

    [Fact]
    public void A_run_without_samples_is_named()
    {
        string run = Path.Combine(Path.GetTempPath(), "energybench-roofline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(run);
        try
        {
            var result = AppProcess.Run(["roofline", "--run", run]);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: {run}: no *-samples.csv in this directory", result.Error.Trim());
            Assert.Single(result.Error.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }
}
