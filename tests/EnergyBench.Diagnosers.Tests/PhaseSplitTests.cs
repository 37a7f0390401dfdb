using System.Diagnostics;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Rapl;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>
/// Prefill and decode time and energy from the prompts' phase windows, on known timelines: a counter sampled every
/// millisecond that rises at 30 W in prefill and 10 W in decode, and the same work seen by a counter sampled once a second.
/// </summary>
public class PhaseSplitTests
{
    private static long T(double seconds) => (long)Math.Round(seconds * Stopwatch.Frequency);

    /// <summary>Two prompts in one second: prefill 0.1 s at 30 W then decode 0.4 s at 10 W, each.</summary>
    private static readonly PhaseWindow[] TwoPrompts =
    [
        new(T(0.0), T(0.1), T(0.5), PromptTokens: 10, DecodeTokens: 31),
        new(T(0.5), T(0.6), T(1.0), PromptTokens: 14, DecodeTokens: 31),
    ];

    private static double Watts(double seconds) => (seconds % 0.5) < 0.1 ? 30 : 10;

    /// <summary>A RAPL-like counter in joules sampled every <paramref name="period"/> seconds over [0, 1].</summary>
    private static Dictionary<string, Sample[]> Counter(double period)
    {
        const double step = 1e-4; // integrate the power finely, then keep the samples the meter would take
        int every = (int)Math.Round(period / step);
        var samples = new List<Sample>();
        double joules = 0;
        for (int i = 0; i <= 10000; i++)
        {
            if (i > 0)
                joules += Watts((i - 0.5) * step) * step;
            if (i % every == 0)
                samples.Add(new Sample(T(i * step), joules));
        }
        return new Dictionary<string, Sample[]> { [RaplMeter.EnergyChannel] = samples.ToArray() };
    }

    private static MeasurementPlan Plan(double resolution) =>
        new(RaplMeter.EnergyChannel, null, null, Provenance.Counter, false, false, false, 2, new Dictionary<string, string>())
        {
            EnergyResolution = TimeSpan.FromSeconds(resolution),
        };

    private static IterationRecord Iteration(IReadOnlyList<PhaseWindow>? phases) =>
        new(IterationStage.Actual, 1, 64, T(0), T(1)) { Phases = phases };

    [Fact]
    public void Phase_windows_travel_in_the_iteration_line_and_a_malformed_one_is_rejected()
    {
        var record = new IterationRecord(IterationStage.Actual, 3, 64, 123_456_789, 123_456_789 + T(1), ForwardTicks: 42)
        {
            Phases = TwoPrompts.Select(w => w with { Start = w.Start + 123_456_789, FirstToken = w.FirstToken + 123_456_789, Stop = w.Stop + 123_456_789 }).ToArray(),
        };
        Assert.True(IterationRecord.TryParse(record.ToLine(), out var read));
        Assert.Equal(record.Phases, read.Phases);
        Assert.Equal(record.ForwardTicks, read.ForwardTicks);

        Assert.False(IterationRecord.TryParse("#energybench-iteration stage=actual index=1 tokens=5 start=10 stop=20 phases=0:5:3:1:1", out _)); // stop before first token
        Assert.False(IterationRecord.TryParse("#energybench-iteration stage=actual index=1 tokens=5 start=10 stop=20 phases=0:5:9:1", out _)); // a field missing
        Assert.True(IterationRecord.TryParse("#energybench-iteration stage=actual index=1 tokens=5 start=10 stop=20", out var untimed));
        Assert.Null(untimed.Phases);
    }

    [Fact]
    public void A_counter_that_resolves_the_phases_measures_each_and_they_sum_to_the_iteration()
    {
        var result = new Attributor(Plan(0.001)).Compute(Counter(0.001), [Iteration(TwoPrompts)], null, null, null, null);
        var iteration = result.Iterations[0];

        Assert.Equal(0.2, iteration[SampleMetric.PrefillTime]!.Value.Value, 9);
        Assert.Equal(0.8, iteration[SampleMetric.DecodeTime]!.Value.Value, 9);
        Assert.Equal(0.1, iteration[SampleMetric.TimeToFirstToken]!.Value.Value, 9);
        Assert.Equal(24, iteration[SampleMetric.PromptTokens]!.Value.Value);
        Assert.Equal(62, iteration[SampleMetric.DecodeTokens]!.Value.Value);

        // 2 x 0.1 s x 30 W and 2 x 0.4 s x 10 W; together the whole iteration's 14 J, which the windows cover.
        Assert.Equal(6.0, iteration[SampleMetric.PrefillEnergy]!.Value.Value, 6);
        Assert.Equal(8.0, iteration[SampleMetric.DecodeEnergy]!.Value.Value, 6);
        Assert.Equal(iteration[SampleMetric.GlobalEnergy]!.Value.Value,
            iteration[SampleMetric.PrefillEnergy]!.Value.Value + iteration[SampleMetric.DecodeEnergy]!.Value.Value, 6);
        Assert.Equal(6.0 / 24, iteration[SampleMetric.PrefillEnergyPerToken]!.Value.Value, 6);
        Assert.Equal(8.0 / 62, iteration[SampleMetric.DecodeEnergyPerToken]!.Value.Value, 6);
        Assert.Equal(Provenance.Counter, result.Source(SampleMetric.DecodeEnergy));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("prefill window"));
    }

    [Fact]
    public void A_counter_slower_than_the_phases_splits_its_energy_by_time_and_labels_the_split()
    {
        var result = new Attributor(Plan(1.0)).Compute(Counter(1.0), [Iteration(TwoPrompts)], null, null, null, null);
        var iteration = result.Iterations[0];

        // One sample interval for the whole second: 14 J shared 0.2 : 0.8 by time, not 6 : 8 as it was drawn.
        Assert.Equal(14 * 0.2, iteration[SampleMetric.PrefillEnergy]!.Value.Value, 6);
        Assert.Equal(14 * 0.8, iteration[SampleMetric.DecodeEnergy]!.Value.Value, 6);
        Assert.Equal(Provenance.Interpolated, result.Source(SampleMetric.PrefillEnergy));
        Assert.Equal(Provenance.Interpolated, result.Source(SampleMetric.DecodeEnergyPerToken));
        Assert.True(Provenance.IsEstimate(result.Source(SampleMetric.PrefillEnergy)));
        Assert.Equal(Provenance.Counter, result.Source(SampleMetric.GlobalEnergy)); // the iteration's own energy is still measured
        Assert.Contains(result.Warnings, w => w.Contains("median prefill window (100 ms)") && w.Contains("(1000 ms)"));
    }

    [Fact]
    public void An_iteration_without_phase_windows_has_no_phase_metrics_and_says_why()
    {
        var result = new Attributor(Plan(0.001)).Compute(Counter(0.001), [Iteration(null)], null, null, null, null);
        foreach (var metric in SampleMetric.PhaseTimes.Concat(SampleMetric.PhaseEnergies))
        {
            Assert.Null(result.Iterations[0][metric]);
            Assert.Equal(PhaseSplit.NotTimed, result.NotAvailable[metric.Name]);
        }
        Assert.NotNull(result.Iterations[0][SampleMetric.GlobalEnergy]);
    }

    [Fact]
    public void One_new_token_per_prompt_has_no_decode_energy_per_token_and_says_why()
    {
        PhaseWindow[] prefillOnly = [new(T(0.0), T(0.1), T(0.1), 10, 0), new(T(0.5), T(0.6), T(0.6), 14, 0)];
        var result = new Attributor(Plan(0.001)).Compute(Counter(0.001), [Iteration(prefillOnly)], null, null, null, null);
        Assert.Equal(6.0 / 24, result.Iterations[0][SampleMetric.PrefillEnergyPerToken]!.Value.Value, 6);
        Assert.Equal(0.0, result.Iterations[0][SampleMetric.DecodeEnergy]!.Value.Value, 9);
        Assert.Null(result.Iterations[0][SampleMetric.DecodeEnergyPerToken]);
        Assert.Contains("no decode steps", result.NotAvailable[SampleMetric.DecodeEnergyPerToken.Name]);
    }

    [Fact]
    public void Per_token_summaries_are_ratios_of_sums_over_the_iterations()
    {
        var first = new IterationMeasurement(1, Values((SampleMetric.DecodeEnergy, 8), (SampleMetric.DecodeTokens, 62), (SampleMetric.PrefillEnergy, 6), (SampleMetric.PromptTokens, 24)));
        var second = new IterationMeasurement(2, Values((SampleMetric.DecodeEnergy, 2), (SampleMetric.DecodeTokens, 38), (SampleMetric.PrefillEnergy, 4), (SampleMetric.PromptTokens, 16)));
        foreach (var metric in new[] { SampleMetric.DecodeEnergyPerToken, SampleMetric.PrefillEnergyPerToken })
            Assert.False(metric.IsEnergy);
        var withRatios = new[] { first, second }.Select(i => i with
        {
            Values = new Dictionary<string, MetricValue>(i.Values)
            {
                [SampleMetric.DecodeEnergyPerToken.Name] = new(i[SampleMetric.DecodeEnergy]!.Value.Value / i[SampleMetric.DecodeTokens]!.Value.Value, Provenance.Counter),
                [SampleMetric.PrefillEnergyPerToken.Name] = new(i[SampleMetric.PrefillEnergy]!.Value.Value / i[SampleMetric.PromptTokens]!.Value.Value, Provenance.Counter),
            },
        }).ToList();
        var measurement = new CaseMeasurement(withRatios, null, null, null, new Dictionary<string, string>(), []);
        Assert.Equal(10.0 / 100, measurement.Summary(SampleMetric.DecodeEnergyPerToken, operations: 2)!.Value, 12); // not the mean of 8/62 and 2/38
        Assert.Equal(10.0 / 40, measurement.Summary(SampleMetric.PrefillEnergyPerToken, operations: 2)!.Value, 12);
        Assert.Equal(5.0, measurement.Summary(SampleMetric.DecodeEnergy, operations: 2)!.Value, 12); // per operation
    }

    private static Dictionary<string, MetricValue> Values(params (SampleMetric Metric, double Value)[] values) =>
        values.ToDictionary(v => v.Metric.Name, v => new MetricValue(v.Value, Provenance.Counter));
}
