using EnergyBench.Cli;
using EnergyBench.Models.Hub;

namespace EnergyBench.Tests;

/// <summary>What a fetch prints for a download, fed reports with explicit times; the numbers are worked out by hand.</summary>
public sealed class FetchDisplayTests
{
    private const string Name = "model.safetensors";

    private static DownloadProgress Report(DownloadPhase phase, double seconds, long done, long? total = 1_000_000, long resumedFrom = 0) =>
        new(Name, phase, done, total, resumedFrom, TimeSpan.FromSeconds(seconds));

    private static string[] Lines(StringWriter output) => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Plain_lines_come_at_the_start_every_10_percent_or_5_seconds_and_at_the_end()
    {
        var output = new StringWriter { NewLine = "\n" };
        var display = new PlainFetchDisplay(output);
        display.Transfer(Report(DownloadPhase.Started, 0, 0));
        display.Transfer(Report(DownloadPhase.Receiving, 1, 50_000));  // 5 %
        display.Transfer(Report(DownloadPhase.Receiving, 2, 100_000)); // 10 %: 50000 B/s, 900000 B left
        display.Transfer(Report(DownloadPhase.Receiving, 3, 150_000));
        display.Transfer(Report(DownloadPhase.Receiving, 4, 350_000)); // 35 %: 350000 B in 4 s, 650000 B left
        display.Transfer(Report(DownloadPhase.Receiving, 9.5, 360_000)); // 36 %, 5.5 s later: 10000 B in the last 5.5 s, 640000 B left
        display.Transfer(Report(DownloadPhase.Receiving, 10, 370_000)); // 37 %, 0.5 s later
        display.Line("a note");
        display.Transfer(Report(DownloadPhase.Finished, 12, 1_000_000));

        Assert.Equal(
        [
            "model.safetensors: downloading, 977 KiB",
            "model.safetensors: 10% 97.7 KiB of 977 KiB, 48.8 KiB/s, 0:18 left",
            "model.safetensors: 35% 342 KiB of 977 KiB, 85.4 KiB/s, 0:07 left",
            "model.safetensors: 36% 352 KiB of 977 KiB, 1.78 KiB/s, 5:52 left",
            "a note",
            "model.safetensors: done, 977 KiB in 0:12, 81.4 KiB/s",
        ], Lines(output));
    }

    [Fact]
    public void A_resumed_transfer_starts_at_its_offset_and_counts_its_steps_from_there()
    {
        var output = new StringWriter { NewLine = "\n" };
        var display = new PlainFetchDisplay(output);
        display.Transfer(Report(DownloadPhase.Started, 0, 400_000, resumedFrom: 400_000));
        display.Transfer(Report(DownloadPhase.Receiving, 1, 450_000, resumedFrom: 400_000)); // 45 %: not yet a step
        display.Transfer(Report(DownloadPhase.Receiving, 2, 500_000, resumedFrom: 400_000)); // 50 %
        display.Transfer(Report(DownloadPhase.Finished, 10, 1_000_000, resumedFrom: 400_000));

        Assert.Equal(
        [
            "model.safetensors: continuing at 391 KiB of 977 KiB",
            "model.safetensors: 50% 488 KiB of 977 KiB, 48.8 KiB/s, 0:10 left",
            "model.safetensors: done, 977 KiB, 586 KiB of it in 0:10, 58.6 KiB/s",
        ], Lines(output));
    }

    [Fact]
    public void Without_a_size_plain_lines_come_every_5_seconds()
    {
        var output = new StringWriter { NewLine = "\n" };
        var display = new PlainFetchDisplay(output);
        display.Transfer(Report(DownloadPhase.Started, 0, 0, total: null));
        display.Transfer(Report(DownloadPhase.Receiving, 4, 4096, total: null));
        display.Transfer(Report(DownloadPhase.Receiving, 5, 5120, total: null));
        display.Transfer(Report(DownloadPhase.Receiving, 9, 9216, total: null));
        display.Transfer(Report(DownloadPhase.Finished, 10, 10240, total: null));

        Assert.Equal(
        [
            "model.safetensors: downloading, size unknown",
            "model.safetensors: 5.00 KiB, 1.00 KiB/s",
            "model.safetensors: done, 10.0 KiB in 0:10, 1.00 KiB/s",
        ], Lines(output));
    }

    [Fact]
    public void On_a_terminal_one_line_is_redrawn_in_place_and_notes_and_finished_files_scroll_above_it()
    {
        var output = new StringWriter { NewLine = "\n" };
        using var display = new TerminalFetchDisplay(output, () => 60);
        display.Transfer(Report(DownloadPhase.Started, 0, 0));
        display.Transfer(Report(DownloadPhase.Receiving, 2, 100_000));
        Assert.DoesNotContain('\n', output.ToString());
        string[] draws = output.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, draws.Length);
        Assert.All(draws, draw => Assert.True(draw.Length <= 59, draw)); // the last column would wrap
        Assert.Equal("model.safetensors 97.7 KiB / 977 KiB  48.8 KiB/s  0:18 left", draws[1].TrimEnd());

        display.Line("model.safetensors: connection lost, retrying");
        string afterNote = output.ToString();
        Assert.EndsWith("\r" + new string(' ', draws[1].Length) + "\rmodel.safetensors: connection lost, retrying\n", afterNote); // the bar wiped first

        display.Transfer(Report(DownloadPhase.Started, 0, 100_000, resumedFrom: 100_000)); // a new transfer: its own clock
        display.Transfer(Report(DownloadPhase.Finished, 2, 1_000_000, resumedFrom: 100_000));
        Assert.EndsWith("\rmodel.safetensors: done, 977 KiB, 879 KiB of it in 0:02, 439 KiB/s\n", output.ToString());

        int before = output.ToString().Length;
        display.Dispose();
        Assert.Equal(before, output.ToString().Length); // nothing drawn, nothing to end
    }

    [Fact]
    public void A_fetch_that_fails_mid_file_leaves_its_bar_and_ends_the_line_for_the_error()
    {
        var output = new StringWriter { NewLine = "\n" };
        var display = new TerminalFetchDisplay(output, () => 120);
        display.Transfer(Report(DownloadPhase.Started, 0, 0));
        display.Transfer(Report(DownloadPhase.Receiving, 1, 500_000));
        display.Dispose();

        Assert.EndsWith("model.safetensors [##########----------] 488 KiB / 977 KiB  488 KiB/s  0:01 left\n", output.ToString());
    }
}
