namespace EnergyBench.Tests;

/// <summary><c>performance</c>'s argument errors: one line and exit code 2, before any benchmark runs.</summary>
public class PerformanceCommandTests
{
    [Theory]
    [InlineData(new[] { "--iterations", "2" }, "error: --iterations: 2 is not between 3 and 100")]
    [InlineData(new[] { "--prompt-count", "0" }, "error: --prompt-count: 0 is not between 1 and 10000")]
    [InlineData(new[] { "--overhead-rounds", "3" }, "error: --overhead-rounds: 3 is not between 0 and 2")]
    [InlineData(new[] { "--threads", "0" }, "error: --threads: 0 is not between 1 and 1024")]
    [InlineData(new[] { "--prompts", "/nonexistent/p.jsonl" }, "error: ")]
    public void Bad_arguments_give_one_line_and_exit_code_2(string[] args, string expected)
    {
        var result = AppProcess.Run(["performance", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Error.Trim());
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Empty(result.Output.Trim());
    }

    [Fact]
    public void An_unknown_model_is_refused_by_the_first_run_before_anything_is_built()
    {
        string folder = Path.Combine(Path.GetTempPath(), "energybench-performance-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = AppProcess.Run(["performance", "--models", "no-such-model", "--prompt-count", "1", "--runs", folder,
                "--out", Path.Combine(folder, "performance.md")]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("no-such-model", result.Error);
            Assert.Single(result.Error.Trim().Split('\n'));
            Assert.DoesNotContain("BenchmarkRunner", result.Output);
            Assert.False(File.Exists(Path.Combine(folder, "performance.md")));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
