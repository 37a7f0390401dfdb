using System.Diagnostics;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Rapl;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>The forward time an iteration record carries, the non-forward share worked out from it, and the meters' overhead.</summary>
public class StepProfileTests
{
    private static long T(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void The_non_forward_share_is_one_minus_forward_over_iteration_ticks()
    {
        // 3000 of 4000 ticks in forward calls: a quarter of the iteration is elsewhere.
        Assert.Equal(0.25, new IterationRecord(IterationStage.Actual, 1, 10, 1000, 5000, ForwardTicks: 3000).NonForwardShare!.Value, 12);
        Assert.Equal(1.0, new IterationRecord(IterationStage.Actual, 1, 10, 1000, 5000, ForwardTicks: 0).NonForwardShare!.Value, 12);
        Assert.Equal(0.0, new IterationRecord(IterationStage.Actual, 1, 10, 1000, 5000, ForwardTicks: 4000).NonForwardShare!.Value, 12);
        // Untimed forward calls or an empty window: no share rather than a made-up one.
        Assert.Null(new IterationRecord(IterationStage.Actual, 1, 10, 1000, 5000).NonForwardShare);
        Assert.Null(new IterationRecord(IterationStage.Actual, 1, 10, 5000, 5000, ForwardTicks: 0).NonForwardShare);
    }

    [Fact]
    public void Forward_ticks_travel_in_the_iteration_line_and_a_line_without_them_still_reads()
    {
        var record = new IterationRecord(IterationStage.Actual, 7, 544, 123456789, 987654321, ForwardTicks: 800000000);
        string line = record.ToLine();
        Assert.EndsWith(" forward=800000000", line);
        Assert.True(IterationRecord.TryParse(line, out var read));
        Assert.Equal(record, read);

        Assert.True(IterationRecord.TryParse("#energybench-iteration stage=warmup index=1 tokens=5 start=10 stop=20", out var older));
        Assert.Equal(new IterationRecord(IterationStage.Warmup, 1, 5, 10, 20), older);
        Assert.Null(older.ForwardTicks);
    }

    [Fact]
    public void The_attributor_puts_each_iterations_share_in_the_samples_and_says_why_when_there_is_none()
    {
        var series = new Dictionary<string, Sample[]>
        {
            [RaplMeter.EnergyChannel] = Enumerable.Range(0, 101).Select(i => new Sample(T(i / 10.0), 10 * i / 10.0)).ToArray(),
        };
        var plan = new MeasurementPlan(RaplMeter.EnergyChannel, null, null, Provenance.Counter, false, false, false, 2, new Dictionary<string, string>());
        IterationRecord[] timed =
        [
            new(IterationStage.Actual, 1, 10, T(1), T(3), ForwardTicks: T(1.5)),
            new(IterationStage.Actual, 2, 10, T(3), T(7), ForwardTicks: T(3.9)),
        ];
        var result = new Attributor(plan).Compute(series, timed, null, null, null, null);
        Assert.Equal(0.25, result.Iterations[0][SampleMetric.NonForwardShare]!.Value.Value, 6);
        Assert.Equal(0.025, result.Iterations[1][SampleMetric.NonForwardShare]!.Value.Value, 6);
        Assert.Equal(Provenance.Clock, result.Source(SampleMetric.NonForwardShare));
        Assert.Equal(0.1375, result.Summary(SampleMetric.NonForwardShare, operations: 2)!.Value, 6); // mean of the iterations

        var untimed = new Attributor(plan).Compute(series, [new IterationRecord(IterationStage.Actual, 1, 10, T(1), T(3))], null, null, null, null);
        Assert.Null(untimed.Iterations[0][SampleMetric.NonForwardShare]);
        Assert.Equal(Attributor.NoForwardTime, untimed.NotAvailable[SampleMetric.NonForwardShare.Name]);
    }

    [Fact]
    public void Meter_overhead_is_the_ratio_of_median_times_per_token_less_one()
    {
        // Medians 1.1 and 1.0 (the outliers do not move them); every resample of identical values gives the same ratio.
        var overhead = MeterOverhead.Of([1.1, 1.1, 9.0, 1.1, 0.2], [1.0, 1.0, 1.0, 5.0])!;
        Assert.Equal(0.1, overhead.Overhead, 12);
        Assert.True(overhead.Lower <= overhead.Overhead && overhead.Overhead <= overhead.Upper);
        var constant = MeterOverhead.Of([1.1, 1.1, 1.1], [1.0, 1.0, 1.0])!;
        Assert.Equal(0.1, constant.Lower, 12);
        Assert.Equal(0.1, constant.Upper, 12);
        Assert.False(constant.WithinNoise);
        Assert.Equal("+10.00 % [+10.00, +10.00]", constant.ToString());

        // Two samples of the same spread whose medians differ by less than the spread: the interval holds 0.
        var noisy = MeterOverhead.Of([0.9, 1.3, 1.02, 0.8, 1.2, 1.1], [1.1, 0.8, 1.25, 0.95, 1.0, 1.3])!;
        Assert.True(noisy.WithinNoise, noisy.ToString());
        Assert.EndsWith(" noise", noisy.ToString());

        Assert.Null(MeterOverhead.Of([], [1.0]));
        Assert.Null(MeterOverhead.Of([1.0], [0.0]));
    }
}
