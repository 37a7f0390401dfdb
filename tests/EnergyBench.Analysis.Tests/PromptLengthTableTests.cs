using EnergyBench.Analysis.Reports;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Sweep;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Analysis.Tests;

/// <summary>The prompt-length sweep's table, worked out by hand from samples written here.</summary>
public class PromptLengthTableTests
{
    private static readonly SweepSet Short = new("/sweep/prompts/tiny-16.jsonl", 16, 8);
    private static readonly SweepSet Long = new("/sweep/prompts/tiny-64.jsonl", 64, 8);

    private static string Label(string configuration, SweepSet set) => $"{configuration} (Prompts={set.Path})";

    private static IEnumerable<SampleRow> Iterations(string label, SampleMetric metric, string source, params double[] values) =>
        values.Select((v, i) => new SampleRow("tiny", label, i + 1, metric.Name, v, metric.Unit, source));

    /// <summary>Everything a case with phase energy reports, decode J/token scaled by <paramref name="scale"/>.</summary>
    private static IEnumerable<SampleRow> Case(string configuration, SweepSet set, double scale) =>
        Iterations(Label(configuration, set), SampleMetric.Time, "clock", 2, 2, 2)
            .Concat(Iterations(Label(configuration, set), SampleMetric.DecodeEnergyPerToken, "estimated", 0.010 * scale, 0.011 * scale, 0.009 * scale))
            .Concat(Iterations(Label(configuration, set), SampleMetric.PrefillEnergy, "estimated", 0.8, 0.4, 1.6))
            .Concat(Iterations(Label(configuration, set), SampleMetric.DecodeTokens, "count", 248, 248, 248))
            .Concat(Iterations(Label(configuration, set), SampleMetric.DecodeTime, "clock", 2, 1, 4))
            .Concat(Iterations(Label(configuration, set), SampleMetric.TimeToFirstToken, "clock", 0.003, 0.002, 0.001));

    /// <summary>A case whose run had no phase energy (only times): its energy cells are n/a.</summary>
    private static IEnumerable<SampleRow> TimesOnly(string configuration, SweepSet set) =>
        Iterations(Label(configuration, set), SampleMetric.Time, "clock", 1, 1, 1)
            .Concat(Iterations(Label(configuration, set), SampleMetric.DecodeTokens, "count", 248, 248, 248))
            .Concat(Iterations(Label(configuration, set), SampleMetric.DecodeTime, "clock", 1, 1, 1))
            .Concat(Iterations(Label(configuration, set), SampleMetric.TimeToFirstToken, "clock", 0.001, 0.001, 0.001));

    [Fact]
    public void Each_length_gets_its_medians_and_decode_j_per_token_against_the_shortest()
    {
        var samples = Case("onnx-cpu", Long, 1.5).Concat(Case("onnx-cpu", Short, 1)).ToList();

        var rows = PromptLengthTable.Of(samples, [Short, Long]);

        Assert.Equal([16, 64], rows.Select(r => r.Tokens));
        Assert.All(rows, r => Assert.Equal(("tiny", "onnx-cpu", 3), (r.Model, r.Configuration, r.Iterations)));
        var (shortest, longest) = (rows[0], rows[1]);
        Assert.Equal(0.010, shortest.DecodeEnergyPerToken!.Value, 12);
        Assert.Equal(0.015, longest.DecodeEnergyPerToken!.Value, 12);
        Assert.Equal(0.8 / 8, shortest.PrefillEnergyPerPrompt!.Value, 12); // median 0.8 J over 8 prompts
        Assert.Equal(124, shortest.DecodeTokensPerSecond!.Value, 12);     // 248 tokens / median of 2 s (248/2, 248/1, 248/4)
        Assert.Equal(0.002, shortest.TimeToFirstToken!.Value, 12);
        Assert.Equal(0, shortest.Amplification!.Overhead, 12);
        Assert.Equal(0.5, longest.Amplification!.Overhead, 12);
        Assert.True(longest.Amplification.Lower <= 0.5 && longest.Amplification.Upper >= 0.5 && !longest.Amplification.WithinNoise);
    }

    [Fact]
    public void The_markdown_marks_the_reference_length_and_estimates()
    {
        var samples = Case("onnx-cpu", Short, 1).Concat(Case("onnx-cpu", Long, 1.5)).ToList();

        string markdown = PromptLengthTable.Markdown(PromptLengthTable.Of(samples, [Short, Long]), samples, RunLegends.Empty);

        Assert.Contains("| decode J/token (est.) |", markdown);
        Assert.Contains("| tiny | onnx-cpu | 16 | 3 | 0.010000 | reference | 0.10000 | 124.0 | 2.00 |", markdown);
        Assert.Contains("| tiny | onnx-cpu | 64 | 3 | 0.015000 | +50.00 % [", markdown);
        Assert.DoesNotContain("n/a", markdown);
    }

    [Fact]
    public void A_metric_the_run_could_not_measure_reads_n_a_with_the_runs_reason()
    {
        var samples = Case("onnx-cpu", Short, 1).Concat(TimesOnly("torch-cpu", Short)).Concat(TimesOnly("torch-cpu", Long)).ToList();
        var legends = new RunLegends(new Dictionary<string, string>
        {
            ["Decode J/token"] = "Decode energy per token the decode steps generated; n/a: no energy meter on this machine",
            ["Decode [J]"] = "CPU + GPU energy in the decode windows; n/a: no energy meter on this machine",
        });

        var rows = PromptLengthTable.Of(samples, [Short, Long]);
        string markdown = PromptLengthTable.Markdown(rows, samples, legends);

        var torch = rows.Where(r => r.Configuration == "torch-cpu").ToList();
        Assert.Equal(2, torch.Count);
        Assert.All(torch, r => Assert.Null(r.DecodeEnergyPerToken));
        Assert.All(torch, r => Assert.Null(r.Amplification));
        Assert.All(torch, r => Assert.Equal(248, r.DecodeTokensPerSecond));
        Assert.Contains("| tiny | torch-cpu | 64 | 3 | n/a | n/a | n/a | 248.0 | 1.00 |", markdown);
        Assert.Contains("n/a decode J/token (`decode_energy_per_token_j`): no energy meter on this machine.", markdown);
        // Prefill energy has no legend here: the note says so rather than inventing a reason.
        Assert.Contains("n/a prefill J / prompt (`prefill_energy_j`): the run has no samples of it and its log gives no reason.", markdown);
    }

    [Fact]
    public void A_run_of_one_length_has_no_prompts_in_its_labels_and_still_maps_to_it()
    {
        var samples = Iterations("onnx-cpu", SampleMetric.DecodeEnergyPerToken, "counter", 0.02, 0.02, 0.02).ToList();
        var row = Assert.Single(PromptLengthTable.Of(samples, [Long]));
        Assert.Equal((64, 0.02), (row.Tokens, row.DecodeEnergyPerToken));
    }

    [Fact]
    public void A_case_of_another_prompt_set_is_refused_by_name()
    {
        var samples = Iterations("onnx-cpu (Prompts=/elsewhere/p.jsonl)", SampleMetric.Time, "clock", 1, 1, 1)
            .Concat(Case("onnx-cpu", Short, 1)).ToList();
        var error = Assert.Throws<ArgumentException>(() => PromptLengthTable.Of(samples, [Short, Long]));
        Assert.Equal("case 'onnx-cpu (Prompts=/elsewhere/p.jsonl)' ran prompt set /elsewhere/p.jsonl, which is not one of the sweep's", error.Message);
    }

    [Fact]
    public void Other_parameters_stay_in_the_configuration()
    {
        var samples = Iterations("onnx-cpu (Prompts=/sweep/prompts/tiny-16.jsonl, Threads=1)", SampleMetric.Time, "clock", 1, 1, 1).ToList();
        Assert.Equal("onnx-cpu (Threads=1)", Assert.Single(PromptLengthTable.Of(samples, [Short, Long])).Configuration);
    }
}
