using System.Globalization;
using System.Text;

namespace EnergyBench.Tests;

/// <summary>The regression gate from the command line: exit codes, the named regression, the report files.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Samples(string name, double scale)
    {
        var csv = new StringBuilder("model,configuration,iteration,metric,value,unit,source\n");
        for (int i = 1; i <= 10; i++)
        {
            double wobble = 1 + 0.01 * ((i * 7 % 10) - 4.5) / 4.5;
            csv.Append(string.Create(CultureInfo.InvariantCulture, $"gpt2-tiny,onnx-cpu,{i},time_s,{2.0 * wobble * scale:R},s,clock\n"));
            csv.Append(string.Create(CultureInfo.InvariantCulture, $"gpt2-tiny,onnx-cpu,{i},global_energy_j,{18.0 * wobble * scale:R},J,estimated\n"));
        }
        string path = _directory.File(name + "-samples.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public void A_run_against_itself_passes()
    {
        string run = Samples("base", 1.0);
        var result = AppProcess.Run(["compare", run, run]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("no regression", result.Output);
    }

    [Fact]
    public void A_passing_run_is_added_to_the_baseline_store_and_a_regression_is_not()
    {
        string store = _directory.File("baseline");
        var result = AppProcess.Run(["compare", Samples("base", 1.0), Samples("next", 1.01), "--store-baseline", store]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("Baseline stored: ", result.Output);
        var stored = Directory.GetDirectories(store);
        Assert.Single(stored);
        Assert.True(File.Exists(Path.Combine(stored[0], "next-samples.csv")));
        // The store is the baseline of the next comparison, given as --baseline; a regression never enters it.
        Assert.Equal(1, AppProcess.Run(["compare", Samples("slow", 1.3), "--baseline", store, "--store-baseline", store]).ExitCode);
        Assert.Single(Directory.GetDirectories(store));
    }

    [Fact]
    public void A_slowed_run_fails_and_names_the_benchmark()
    {
        string markdown = _directory.File("comment.md"), json = _directory.File("gate.json");
        var result = AppProcess.Run(["compare", Samples("base", 1.0), Samples("slow", 1.2), "--out", markdown, "--json", json]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("| **Slower** | gpt2-tiny | onnx-cpu | time |", result.Output);
        Assert.Contains("2 regression(s)", File.ReadAllText(markdown));
        Assert.Contains("\"verdict\": \"slower\"", File.ReadAllText(json));
    }

    [Theory]
    [InlineData("--threshold", "fast", "error: threshold 'fast' is neither a percentage")]
    [InlineData("--metric", "speed", "error: --metric: unknown metric 'speed'")]
    [InlineData("--level", "process", "error: --level: 'process' is not auto, launch or iteration")]
    [InlineData("--baseline", "/tmp", "error: compare: give the baseline either as the first run or as --baseline, not both")]
    public void Bad_options_exit_2_with_one_line(string option, string value, string expected)
    {
        string run = Samples("base", 1.0);
        var result = AppProcess.Run(["compare", run, run, option, value]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Error.Trim());
    }

    [Fact]
    public void A_missing_run_exits_2()
    {
        var result = AppProcess.Run(["compare", "/nonexistent/a", Samples("base", 1.0)]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: /nonexistent/a: no such run directory or samples file", result.Error.Trim());
    }
}
