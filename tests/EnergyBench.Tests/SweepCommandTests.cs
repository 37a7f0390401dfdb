namespace EnergyBench.Tests;

/// <summary><c>sweep</c>'s and <c>prompts lengths</c>' argument errors: one line and exit code 2, before any prompt set or benchmark.</summary>
public class SweepCommandTests
{
    [Theory]
    [InlineData(new[] { "sweep", "--tokens", "16,x" }, "error: --tokens: 'x' is not a prompt length; give token counts like 16,64,256")]
    [InlineData(new[] { "sweep", "--tokens", "0" }, "error: --tokens: '0' is not a prompt length")]
    [InlineData(new[] { "sweep", "--configs", "onnx-cpu,nope" }, "error: unknown serving configuration 'nope'")]
    [InlineData(new[] { "sweep", "--iterations", "2" }, "error: --iterations: 2 is not between 3 and 100")]
    [InlineData(new[] { "sweep", "--prompt-count", "0" }, "error: --prompt-count: 0 is not between 1 and 164")]
    [InlineData(new[] { "prompts", "lengths", "--tokens", "" }, "error: --tokens: no prompt length given")]
    [InlineData(new[] { "prompts", "lengths", "--max-new-tokens", "0" }, "error: --max-new-tokens: 0 is not a token count")]
    public void Bad_arguments_give_one_line_and_exit_code_2(string[] args, string expected)
    {
        var result = AppProcess.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Error.Trim());
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Empty(result.Output.Trim());
    }

    [Fact]
    public void A_length_the_models_context_cannot_hold_is_refused_before_any_set_is_written()
    {
        string folder = Path.Combine(Path.GetTempPath(), "energybench-sweep-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = AppProcess.Run(["sweep", "--model", "gpt2-tiny", "--tokens", "16,256", "--runs", folder, "--out", Path.Combine(folder, "report.md")]);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("error: --tokens: 256 prompt tokens + 32 new tokens exceed model gpt2-tiny's context of 256 tokens; lengths up to 224 fit (or lower --max-new-tokens)",
                result.Error.Trim());
            Assert.DoesNotContain("BenchmarkRunner", result.Output);
            Assert.False(Directory.Exists(Path.Combine(folder, "prompts")));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
