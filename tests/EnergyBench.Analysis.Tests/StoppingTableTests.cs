using System.Globalization;
using System.Text;
using System.Text.Json;
using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Tables;

namespace EnergyBench.Analysis.Tests;

/// <summary>The stopping table: tokens, energy and time per iteration under each stop policy, and the saving against fixed.</summary>
public sealed class StoppingTableTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "energybench-stopping-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Five iterations of a case: tokens, energy (J) and time (s) around the given values.</summary>
    private static IEnumerable<SampleRow> Case(string configuration, double tokens, double? energy, double time, string model = "gpt2-tiny")
    {
        for (int i = 1; i <= 5; i++)
        {
            double spread = 1 + (i - 3) * 0.01;
            yield return new SampleRow(model, configuration, i, "tokens", tokens, "tokens", "benchmark");
            if (energy is { } e)
                yield return new SampleRow(model, configuration, i, "global_energy_j", e * spread, "J", "counter");
            yield return new SampleRow(model, configuration, i, "time_s", time * spread, "s", "clock");
            yield return new SampleRow(model, configuration, i, "model_parameters", 6_534_208, "count", "config");
        }
    }

    [Theory]
    [InlineData("onnx-cpu (Stop=code)", "onnx-cpu", "code")]
    [InlineData("onnx-cpu (Threads=2, Stop=eos)", "onnx-cpu (Threads=2)", "eos")]
    [InlineData("onnx-cpu (Stop=fixed, Job=plain)", "onnx-cpu (Job=plain)", "fixed")]
    [InlineData("onnx-cpu (Threads=2)", "onnx-cpu (Threads=2)", null)]
    [InlineData("onnx-cpu", "onnx-cpu", null)]
    public void A_label_splits_into_its_configuration_and_stop_policy(string label, string configuration, string? policy) =>
        Assert.Equal((configuration, policy), StoppingTable.Split(label));

    [Fact]
    public void Each_policy_is_measured_against_fixed_for_the_same_model_and_configuration()
    {
        var rows = Case("onnx-cpu (Stop=fixed)", 96, 20, 2)
            .Concat(Case("onnx-cpu (Stop=code)", 24, 6, 0.5))
            .Concat(Case("onnx-cpu (Stop=eos)", 96, 20, 2))
            .Concat(Case("torch-cpu (Stop=fixed)", 96, 60, 6))
            .Concat(Case("torch-cpu (Stop=code)", 48, null, 3))
            .ToList();

        var table = StoppingTable.Of(rows);

        Assert.Equal(["onnx-cpu fixed", "onnx-cpu code", "onnx-cpu eos", "torch-cpu fixed", "torch-cpu code"], table.Select(r => $"{r.Configuration} {r.Policy}"));
        var code = table[1];
        Assert.Equal(24, code.Tokens);
        Assert.Equal(6, code.Energy!.Value, 9);
        Assert.Equal(75, code.TokensSaved!.Value, 9);
        Assert.Equal(70, code.EnergySaved!.Value, 9);
        Assert.Equal(75, code.TimeSaved!.Value, 9);
        Assert.Equal(0, table[2].TokensSaved!.Value, 9); // eos never came: nothing saved
        Assert.Null(table[0].TokensSaved); // fixed is the reference
        // Energy not measured for torch-cpu code: its saving is unknown, not zero.
        Assert.Null(table[4].Energy);
        Assert.Null(table[4].EnergySaved);
        Assert.Equal(50, table[4].TokensSaved!.Value, 9);
    }

    [Fact]
    public void Without_fixed_beside_another_policy_there_is_no_table()
    {
        Assert.Empty(StoppingTable.Of(Case("onnx-cpu (Stop=code)", 24, 6, 0.5).Concat(Case("torch-cpu (Stop=code)", 24, 6, 0.5)).ToList()));
        Assert.Empty(StoppingTable.Of(Case("onnx-cpu", 96, 20, 2).ToList()));
        // Two models: each is compared with its own fixed case only.
        var rows = Case("onnx-cpu (Stop=fixed)", 96, 20, 2, "a").Concat(Case("onnx-cpu (Stop=code)", 24, 6, 0.5, "b")).ToList();
        Assert.Empty(StoppingTable.Of(rows));
    }

    [Fact]
    public void The_analysis_reports_the_table_in_markdown_and_json()
    {
        var rows = Case("onnx-cpu (Stop=fixed)", 96, 20, 2).Concat(Case("onnx-cpu (Stop=code)", 24, 6, 0.5)).ToList();
        var csv = new StringBuilder("model,configuration,iteration,metric,value,unit,source\n");
        foreach (var r in rows)
            csv.Append(string.Create(CultureInfo.InvariantCulture, $"{r.Model},{r.Configuration},{r.Iteration},{r.Metric},{r.Value:R},{r.Unit},{r.Source}\n"));
        Directory.CreateDirectory(_directory);
        string samples = Path.Combine(_directory, "gpt2-tiny-samples.csv");
        File.WriteAllText(samples, csv.ToString());

        var outputs = AnalysisRunner.Run(samples, _directory, new AnalysisOptions());

        string markdown = File.ReadAllText(outputs.Markdown);
        Assert.Contains("## Stopping", markdown);
        Assert.Contains("| gpt2-tiny | onnx-cpu | code | 24 | 6 | 0.5 | 75 % | 70 % | 75 % |", markdown);
        using var json = JsonDocument.Parse(File.ReadAllText(outputs.Json));
        var code = json.RootElement.GetProperty("stopping")[1];
        Assert.Equal("code", code.GetProperty("policy").GetString());
        Assert.Equal(70, code.GetProperty("energy_saved").GetDouble(), 9);
    }
}
