using EnergyBench.Cli;
using EnergyBench.Models.Hub;

namespace EnergyBench.Tests;

/// <summary>The words and numbers of download progress, each expected text worked out by hand.</summary>
public sealed class TransferTextTests
{
    private const string Name = "model.safetensors";
    private const long MiB = 1024 * 1024;

    private static DownloadProgress Report(long done, long? total, long resumedFrom = 0, double seconds = 0, DownloadPhase phase = DownloadPhase.Receiving) =>
        new(Name, phase, done, total, resumedFrom, TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.00 KiB")]
    [InlineData(1536, "1.50 KiB")]
    [InlineData(10 * MiB, "10.0 MiB")]
    [InlineData(123_456_789, "118 MiB")] // 117.74 MiB
    [InlineData(5 * 1024 * MiB, "5.00 GiB")]
    public void Sizes_use_binary_units_with_about_three_digits(long bytes, string expected) =>
        Assert.Equal(expected, TransferText.Size(bytes));

    [Fact]
    public void Rates_use_the_same_units_per_second() =>
        Assert.Equal("1.50 MiB/s", TransferText.Rate(1.5 * MiB));

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(59.4, "0:59")]
    [InlineData(61, "1:01")]
    [InlineData(3599, "59:59")]
    [InlineData(3600, "1:00:00")]
    [InlineData(3725, "1:02:05")]
    public void Durations_read_as_a_clock(double seconds, string expected) =>
        Assert.Equal(expected, TransferText.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Percent_rounds_down_so_that_100_means_every_byte()
    {
        Assert.Equal(25, TransferText.Percent(Report(50, 200)));
        Assert.Equal(99, TransferText.Percent(Report(199, 200)));
        Assert.Equal(100, TransferText.Percent(Report(200, 200)));
        Assert.Null(TransferText.Percent(Report(200, null)));
    }

    [Fact]
    public void The_first_line_says_what_is_to_come_and_where_a_resumed_transfer_starts()
    {
        Assert.Equal("downloading, 2.00 MiB", TransferText.Start(Report(0, 2 * MiB)));
        Assert.Equal("downloading, size unknown", TransferText.Start(Report(0, null)));
        Assert.Equal("continuing at 1.00 MiB of 2.00 MiB", TransferText.Start(Report(MiB, 2 * MiB, resumedFrom: MiB)));
    }

    [Fact]
    public void A_progress_line_has_the_share_done_the_rate_and_the_time_left()
    {
        Assert.Equal("25% 1.00 MiB of 4.00 MiB, 512 KiB/s, 0:06 left", TransferText.Progress(Report(MiB, 4 * MiB), 512 * 1024, TimeSpan.FromSeconds(6)));
        Assert.Equal("1.00 MiB, 512 KiB/s", TransferText.Progress(Report(MiB, null), 512 * 1024, null));
        Assert.Equal("25% 1.00 MiB of 4.00 MiB", TransferText.Progress(Report(MiB, 4 * MiB), null, null));
    }

    [Fact]
    public void The_last_line_has_the_size_the_time_and_the_rate_of_the_bytes_that_arrived()
    {
        Assert.Equal("done, 4.00 MiB in 0:02, 2.00 MiB/s", TransferText.Done(Report(4 * MiB, 4 * MiB, seconds: 2, phase: DownloadPhase.Finished)));
        Assert.Equal("done, 4.00 MiB, 3.00 MiB of it in 0:02, 1.50 MiB/s",
            TransferText.Done(Report(4 * MiB, 4 * MiB, resumedFrom: MiB, seconds: 2, phase: DownloadPhase.Finished)));
        Assert.Equal("done, 4.00 MiB in 0:00", TransferText.Done(Report(4 * MiB, null, phase: DownloadPhase.Finished))); // no time, no rate
    }

    [Fact]
    public void A_bar_fills_with_the_share_done()
    {
        Assert.Equal("[#####-----]", TransferText.Bar(0.5, 10));
        Assert.Equal("[---]", TransferText.Bar(0, 3));
        Assert.Equal("[####]", TransferText.Bar(1.2, 4));
    }

    [Fact]
    public void A_bar_line_drops_the_bar_then_the_start_of_the_name_where_it_does_not_fit()
    {
        var report = Report(MiB, 4 * MiB);
        double rate = 512 * 1024;
        var left = TimeSpan.FromSeconds(6);
        const string tail = "1.00 MiB / 4.00 MiB  512 KiB/s  0:06 left"; // 41 characters, the name 17
        string full = $"{Name} [#####---------------] {tail}";
        Assert.Equal(82, full.Length);

        Assert.Equal(full, TransferText.BarLine(report, rate, left, 120));
        Assert.Equal(full, TransferText.BarLine(report, rate, left, 82));
        Assert.Equal($"{Name} {tail}", TransferText.BarLine(report, rate, left, 81));
        Assert.Equal($"{Name} {tail}", TransferText.BarLine(report, rate, left, 59));
        Assert.Equal($"…del.safetensors {tail}", TransferText.BarLine(report, rate, left, 58));
        Assert.Equal(tail[..30], TransferText.BarLine(report, rate, left, 30));
        for (int width = 0; width <= 90; width++)
            Assert.True(TransferText.BarLine(report, rate, left, width).Length <= width, $"width {width}");

        Assert.Equal($"{Name} 1.00 MiB  512 KiB/s", TransferText.BarLine(Report(MiB, null), rate, null, 80)); // unknown size: no bar, no time left
    }
}
