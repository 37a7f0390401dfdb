using System.Globalization;
using System.Text;

namespace EnergyBench.Tests;

/// <summary>The regression gate from the command line: exit codes, the named regression, the report files.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <param name="killedAfter">Write the configurations' rows as the benchmark does for a process killed after that many of 10 iterations.</param>
    private string Samples(string name, double scale, string[]? configurations = null, int? killedAfter = null)
    {
        var csv = new StringBuilder("model,configuration,iteration,metric,value,unit,source\n");
        foreach (string configuration in configurations ?? ["onnx-cpu"])
            for (int i = 1; i <= (killedAfter ?? 10); i++)
            {
                double wobble = 1 + 0.01 * ((i * 7 % 10) - 4.5) / 4.5;
                csv.Append(string.Create(CultureInfo.InvariantCulture, $"gpt2-tiny,{configuration},{i},time_s,{2.0 * wobble * scale:R},s,clock\n"));
                csv.Append(string.Create(CultureInfo.InvariantCulture, $"gpt2-tiny,{configuration},{i},global_energy_j,{18.0 * wobble * scale:R},J,estimated\n"));
                csv.Append($"gpt2-tiny,{configuration},{i},iterations_planned,10,count,job\n");
                if (killedAfter is not null)
                    csv.Append($"gpt2-tiny,{configuration},{i},case_incomplete,1,flag,run\n");
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
    public void A_case_that_vanished_from_the_current_run_fails_unless_allowed()
    {
        string baseline = Samples("base", 1.0, ["torch-cpu", "onnx-cpu"]), current = Samples("next", 1.0);
        var result = AppProcess.Run(["compare", baseline, current]);
        Assert.True(result.ExitCode == 1, result.Output + result.Error);
        Assert.Contains("gpt2-tiny torch-cpu (the reference configuration): in the baseline, missing from the current run", result.Output);
        Assert.DoesNotContain("no regression", result.Output);

        var allowed = AppProcess.Run(["compare", baseline, current, "--allow-missing"]);
        Assert.True(allowed.ExitCode == 0, allowed.Output + allowed.Error);
        Assert.Contains("no regression (1 baseline case(s) missing, accepted by --allow-missing)", allowed.Output);
        Assert.Contains("--allow-missing", AppProcess.Run(["compare", "--help"]).Output);
    }

    [Fact]
    public void A_case_the_current_run_did_not_finish_fails()
    {
        var result = AppProcess.Run(["compare", Samples("base", 1.0), Samples("killed", 1.0, killedAfter: 4)]);
        Assert.True(result.ExitCode == 1, result.Output + result.Error);
        Assert.Contains("gpt2-tiny onnx-cpu: incomplete, 4 of 10 iterations", result.Output);
        Assert.Contains("| **Incomplete** | gpt2-tiny | onnx-cpu | time |", result.Output);
    }

    [Fact]
    public void Runs_without_a_case_in_common_exit_2_and_write_no_verdict()
    {
        string markdown = _directory.File("comment.md"), json = _directory.File("gate.json");
        var result = AppProcess.Run(["compare", Samples("base", 1.0), Samples("other", 1.0, ["torch-cpu"]), "--out", markdown, "--json", json]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: the two runs have no benchmark case in common (see the lists above)", result.Error.Trim());
        Assert.DoesNotContain("no regression", File.ReadAllText(markdown));
        Assert.Contains("the comparison could not be made, so it has no verdict: the two runs have no benchmark case in common", File.ReadAllText(markdown));
        string verdicts = File.ReadAllText(json);
        Assert.Contains("\"verdict\": \"unusable\"", verdicts);
        Assert.DoesNotContain("\"regressed\": false", verdicts);
    }

    [Fact]
    public void A_missing_run_exits_2()
    {
        var result = AppProcess.Run(["compare", "/nonexistent/a", Samples("base", 1.0)]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: /nonexistent/a: no such run directory or samples file", result.Error.Trim());
    }
}
