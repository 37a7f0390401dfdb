using System.Text.RegularExpressions;
using EnergyBench.Campaign;
using EnergyBench.Campaign.Progress;
using Spectre.Console.Testing;
using static EnergyBench.Tests.CampaignScript;

namespace EnergyBench.Tests;

/// <summary>The terminal display drawn into Spectre's test console: what it shows, and that a narrow console does not break it.</summary>
public sealed class LiveCampaignProgressTests
{
    /// <summary>The characters a terminal would show, without the escape sequences that move the cursor and set styles.</summary>
    private static string Printed(string output) => Regex.Replace(output, @"\x1b\[[0-9;?]*[A-Za-z]", "");

    private static void Script(LiveCampaignProgress progress, ManualClock clock)
    {
        progress.Start(Plan(), alreadyDone: 0);
        progress.CaseStarted(1, Cases[0]);
        clock.Advance(200);
        progress.CaseEnded(Ended(Cases[0], CaseOutcome.Done, seconds: 200));
        progress.Line("a note");
        progress.CaseStarted(2, Cases[1]);
        clock.Advance(30);
        progress.Iteration(3, 10);
    }

    [Fact]
    public void The_display_shows_the_case_of_the_plan_its_iteration_the_times_and_the_outcomes_with_lines_above()
    {
        var console = new TestConsole().EmitAnsiSequences().Width(100);
        var clock = new ManualClock();
        using (var progress = new LiveCampaignProgress(console, clock, TimeSpan.FromMilliseconds(10)))
            Script(progress, clock);

        string output = console.Output;
        // The last frame, drawn when the display is disposed: case 2 is running, case 1 took twice its estimate.
        int last = output.LastIndexOf("case 2 of 4: torch-cpu on gpt2-tiny", StringComparison.Ordinal);
        Assert.True(last >= 0, output);
        string frame = output[last..];
        Assert.Contains("iteration 3 of 10 [######--------------]", frame);
        Assert.Contains("elapsed 3:50, about 9:30 left", frame); // (2 x 100 s + 100 s) x 2 - 30 s
        Assert.Contains("so far 1 done", frame);
        // The ended case and the message scrolled above the display, each once and in order.
        int ended = output.IndexOf("case 1 of 4: onnx-cpu on gpt2-tiny: done in 3:20", StringComparison.Ordinal);
        int note = output.IndexOf("a note", StringComparison.Ordinal);
        Assert.True(ended >= 0 && note > ended && note < last, output);
        Assert.Equal(note, output.LastIndexOf("a note", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(30)]
    public void A_narrow_console_gets_the_display_cut_and_no_error(int width)
    {
        var console = new TestConsole().EmitAnsiSequences().Width(width);
        var clock = new ManualClock();
        using (var progress = new LiveCampaignProgress(console, clock, TimeSpan.FromMilliseconds(10)))
            Script(progress, clock);

        Assert.DoesNotContain("progress display stopped", console.Output);
        Assert.All(Printed(console.Output).Split('\n', '\r'), line => Assert.True(line.Length <= width, $"'{line}' is wider than {width}"));
    }

    [Fact]
    public void Lines_before_the_start_and_after_the_end_go_straight_to_the_console()
    {
        var console = new TestConsole().EmitAnsiSequences().Width(80);
        var progress = new LiveCampaignProgress(console, new ManualClock(), TimeSpan.FromMilliseconds(10));
        progress.Line("before");
        progress.Start(Plan(), alreadyDone: 0);
        progress.Dispose();
        progress.Line("after");

        string printed = Printed(console.Output);
        Assert.StartsWith("before", printed);
        Assert.Contains("campaign: 4 case(s); about 6:40 left", printed);
        Assert.EndsWith("after", printed.TrimEnd());
    }
}
