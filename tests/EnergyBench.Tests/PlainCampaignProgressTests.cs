using EnergyBench.Campaign;
using EnergyBench.Campaign.Progress;
using static EnergyBench.Tests.CampaignScript;

namespace EnergyBench.Tests;

/// <summary>The lines a campaign prints to a log for a scripted run, with a clock the test moves; times worked out by hand.</summary>
public sealed class PlainCampaignProgressTests
{
    private static string[] Lines(StringWriter output) => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Cases_taking_twice_their_estimate_double_the_time_left_and_failed_cases_do_not_rescale_it()
    {
        var clock = new ManualClock();
        var output = new StringWriter { NewLine = "\n" };
        using var progress = new PlainCampaignProgress(output, clock);
        progress.Start(Plan(), alreadyDone: 0);                 // 4 x 100 s
        progress.CaseStarted(1, Cases[0]);
        clock.Advance(50);
        progress.Iteration(1, 2);                              // 50 s of the first case left + 300 s
        clock.Advance(10);
        progress.Iteration(1, 2);                              // polled again, unchanged: no line
        clock.Advance(140);
        progress.CaseEnded(Ended(Cases[0], CaseOutcome.Done, seconds: 200)); // 2x its estimate: 3 x 100 s x 2
        progress.CaseStarted(2, Cases[1]);
        clock.Advance(200);
        progress.CaseEnded(Ended(Cases[1], CaseOutcome.Done)); // 200 s by the clock: 2 x 100 s x 2
        progress.Line("a note");
        progress.CaseStarted(3, Cases[2]);
        clock.Advance(50);
        progress.CaseEnded(Ended(Cases[2], CaseOutcome.Failed, seconds: 50, reason: "exit code 1")); // no rescale: 100 s x 2

        Assert.Equal(
        [
            "campaign: 4 case(s); about 6:40 left",
            "case 1 of 4: onnx-cpu on gpt2-tiny: started; elapsed 0:00, about 6:40 left",
            "case 1 of 4: onnx-cpu on gpt2-tiny: iteration 1 of 2; elapsed 0:50, about 5:50 left",
            "case 1 of 4: onnx-cpu on gpt2-tiny: done in 3:20; elapsed 3:20, about 10:00 left; so far 1 done",
            "case 2 of 4: torch-cpu on gpt2-tiny: started; elapsed 3:20, about 10:00 left",
            "case 2 of 4: torch-cpu on gpt2-tiny: done in 3:20; elapsed 6:40, about 6:40 left; so far 2 done",
            "a note",
            "case 3 of 4: onnx-cpu (Threads=2) on codeparrot-small-synthetic: started; elapsed 6:40, about 6:40 left",
            "case 3 of 4: onnx-cpu (Threads=2) on codeparrot-small-synthetic: failed in 0:50 (exit code 1); elapsed 7:30, about 3:20 left; so far 2 done, 1 failed",
        ], Lines(output));
    }

    [Fact]
    public void A_resumed_run_counts_its_kept_cases_and_estimates_only_the_rest()
    {
        var clock = new ManualClock();
        var output = new StringWriter { NewLine = "\n" };
        using var progress = new PlainCampaignProgress(output, clock);
        progress.Start(Plan(), alreadyDone: 2);
        progress.CaseStarted(3, Cases[2]);
        clock.Advance(3700);
        progress.CaseEnded(Ended(Cases[2], CaseOutcome.TimedOut, reason: "case timeout 1h"));

        Assert.Equal(
        [
            "campaign: 4 case(s), 2 done earlier; about 3:20 left",
            "case 3 of 4: onnx-cpu (Threads=2) on codeparrot-small-synthetic: started; elapsed 0:00, about 3:20 left",
            "case 3 of 4: onnx-cpu (Threads=2) on codeparrot-small-synthetic: timed-out in 1:01:40 (case timeout 1h); elapsed 1:01:40, about 1:40 left; so far 1 timed-out",
        ], Lines(output));
    }

    [Fact]
    public void A_plan_without_estimates_says_the_time_left_is_unknown_and_iterations_count_without_a_total()
    {
        var output = new StringWriter { NewLine = "\n" };
        using var progress = new PlainCampaignProgress(output, new ManualClock());
        progress.Start(Plan(estimateSeconds: 0), alreadyDone: 0);
        progress.CaseStarted(1, Cases[0]);
        progress.Iteration(0, 0);  // nothing measured, nothing known: unchanged, no line
        progress.Iteration(1, 0);

        Assert.Equal(
        [
            "campaign: 4 case(s); time left unknown (the plan has no estimates)",
            "case 1 of 4: onnx-cpu on gpt2-tiny: started; elapsed 0:00, time left unknown (the plan has no estimates)",
            "case 1 of 4: onnx-cpu on gpt2-tiny: iteration 1; elapsed 0:00, time left unknown (the plan has no estimates)",
        ], Lines(output));
    }

    [Fact]
    public void A_writer_that_is_not_the_console_gets_plain_lines_flushed_as_they_come()
    {
        var output = new StringWriter { NewLine = "\n" };
        using var progress = CampaignProgress.For(output);
        progress.Line("first");

        Assert.IsType<PlainCampaignProgress>(progress);
        Assert.Equal("first\n", output.ToString());
    }
}
