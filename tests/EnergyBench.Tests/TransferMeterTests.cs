using EnergyBench.Cli;

namespace EnergyBench.Tests;

/// <summary>The rate over the last seconds and the time left, from samples with explicit times (worked out by hand).</summary>
public sealed class TransferMeterTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_rate_follows_the_last_window_not_the_whole_transfer()
    {
        var meter = new TransferMeter(S(5));
        for (int second = 0; second <= 10; second++)
            meter.Add(S(second), second * 1000L); // 1000 B/s for 10 s
        Assert.Equal(1000, meter.BytesPerSecond!.Value, precision: 6);

        for (int second = 11; second <= 15; second++)
            meter.Add(S(second), 10_000 + (second - 10) * 3000L); // then 3000 B/s for 5 s
        Assert.Equal(3000, meter.BytesPerSecond!.Value, precision: 6); // the average since the start would be 25000 / 15
        Assert.Equal(S(5), meter.Remaining(40_000)); // 15000 bytes left at 3000 B/s
    }

    [Fact]
    public void A_window_longer_than_the_transfer_spans_all_of_it()
    {
        var meter = new TransferMeter(S(5));
        meter.Add(S(0), 0);
        meter.Add(S(0.5), 100);
        meter.Add(S(2), 1000);
        Assert.Equal(500, meter.BytesPerSecond!.Value, precision: 6);
    }

    [Fact]
    public void A_resumed_transfer_counts_only_the_bytes_that_arrived_in_it()
    {
        var meter = new TransferMeter(S(5));
        meter.Add(S(0), 600_000); // on disk already
        meter.Add(S(2), 800_000);
        Assert.Equal(100_000, meter.BytesPerSecond!.Value, precision: 6);
        Assert.Equal(S(2), meter.Remaining(1_000_000));
    }

    [Fact]
    public void Unknown_rates_and_totals_give_no_answer_rather_than_a_wrong_one()
    {
        var meter = new TransferMeter(S(5));
        Assert.Null(meter.BytesPerSecond);
        Assert.Null(meter.Remaining(100));

        meter.Add(S(1), 50);
        Assert.Null(meter.BytesPerSecond); // one sample: no rate yet
        meter.Add(S(1), 60);
        Assert.Null(meter.BytesPerSecond); // no time between them

        meter.Add(S(3), 60);
        Assert.Equal(5, meter.BytesPerSecond!.Value, precision: 6);
        Assert.Null(meter.Remaining(null));

        var stalled = new TransferMeter(S(5));
        stalled.Add(S(0), 100);
        stalled.Add(S(4), 100);
        Assert.Equal(0, stalled.BytesPerSecond);
        Assert.Null(stalled.Remaining(1000));
        Assert.Equal(TimeSpan.Zero, stalled.Remaining(100)); // nothing left
    }
}
