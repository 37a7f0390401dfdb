using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Phases;
using EnergyBench.Analysis.Samples;

namespace EnergyBench.Analysis.Tests;

/// <summary>The prefill/decode table worked out by hand from samples, with and without the Prefill benchmark beside Generate.</summary>
public class PhaseTableTests
{
    private static IEnumerable<SampleRow> Iterations(string configuration, string metric, string source, params double[] values) =>
        values.Select((v, i) => new SampleRow("tiny", configuration, i + 1, metric, v, "", source));

    private static IEnumerable<SampleRow> Generate(string configuration) =>
        Iterations(configuration, "prefill_time_s", "clock", 1, 2, 3)
            .Concat(Iterations(configuration, "decode_time_s", "clock", 3, 6, 9))
            .Concat(Iterations(configuration, "time_to_first_token_s", "clock", 0.1, 0.2, 0.3))
            .Concat(Iterations(configuration, "prefill_energy_j", "counter", 2, 2, 2))
            .Concat(Iterations(configuration, "decode_energy_j", "counter", 6, 6, 6))
            .Concat(Iterations(configuration, "prefill_energy_per_token_j", "counter", 0.1, 0.1, 0.1))
            .Concat(Iterations(configuration, "decode_energy_per_token_j", "counter", 0.05, 0.06, 0.07))
            .Concat(Iterations(configuration, "global_energy_j", "counter", 10, 11, 12))
            .Concat(Iterations(configuration, "decode_tokens", "count", 100, 100, 100));

    [Fact]
    public void Shares_and_per_token_values_are_medians_of_the_generate_iterations()
    {
        var row = Assert.Single(PhaseTable.Of(Generate("onnx-cpu").ToList()));
        Assert.Equal(0.25, row.PrefillTimeShare!.Value, 12);   // 1/4, 2/8, 3/12
        Assert.Equal(0.25, row.PrefillEnergyShare!.Value, 12); // 2 / (2 + 6)
        Assert.Equal(0.2, row.TimeToFirstTokenSeconds!.Value, 12);
        Assert.Equal(0.06, row.DecodeJoulesPerToken!.Value, 12);
        Assert.Equal("counter", row.EnergySource);
        Assert.Null(row.MeasuredPrefillJoules); // no Prefill benchmark in the run
        Assert.Null(row.SubtractedDecodeJoulesPerToken);
    }

    [Fact]
    public void The_prefill_benchmark_gives_measured_prefill_and_decode_by_subtraction_and_stays_out_of_the_comparisons()
    {
        string generate = "onnx-cpu (Method=Generate)", prefill = "onnx-cpu (Method=Prefill)";
        var samples = Generate(generate).Concat(Iterations(prefill, "global_energy_j", "counter", 3, 1, 2)).ToList();

        var row = Assert.Single(PhaseTable.Of(samples));
        Assert.Equal(generate, row.Configuration);
        Assert.Equal(2.0, row.MeasuredPrefillJoules!.Value, 12);
        Assert.Equal(2.0 / 11, row.MeasuredPrefillShare!.Value, 12);
        Assert.Equal((11.0 - 2.0) / 100, row.SubtractedDecodeJoulesPerToken!.Value, 12);

        Assert.Equal("onnx-cpu (Stop=fixed, Method=Prefill)", PhaseTable.PrefillLabelOf("onnx-cpu (Stop=code, Method=Generate)"));
        Assert.True(PhaseTable.IsPrefillCase(prefill));
        Assert.False(PhaseTable.IsPrefillCase(generate));
        var analysis = RunAnalysis.Of(["samples"], samples, new AnalysisOptions());
        Assert.DoesNotContain(prefill, analysis.Configurations);
        Assert.Contains(analysis.Warnings, w => w.Contains(prefill) && w.Contains("not compared"));
    }

    [Fact]
    public void A_run_without_phase_windows_has_no_table()
    {
        var samples = Iterations("torch-cpu", "global_energy_j", "counter", 1, 2, 3).ToList();
        Assert.Empty(PhaseTable.Of(samples));
    }
}
