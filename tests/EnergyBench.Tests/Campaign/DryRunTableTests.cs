using EnergyBench.Campaign.Estimates;
using EnergyBench.Campaign;

namespace EnergyBench.Tests.Campaign;

public sealed class DryRunTableTests
{
    private static PlannedCase Case(int index, string label, string model, double seconds) =>
        new(index, $"key{index}", "OnnxCpu", "onnx-cpu", model, new Dictionary<string, string>(), label, seconds);

    private static readonly PlannedCase[] Cases =
    [
        Case(7, "onnx-cpu (Threads=2)", "codeparrot-small", 754),
        Case(2, "torch-cpu (Threads=2)", "phi-2", 44_100.4),
        Case(11, "jit-cpu (Threads=2)", "gpt2-tiny", 260_000),
    ];

    [Fact]
    public void PlanIsATableWithCumulativeTimeAndTotal()
    {
        var writer = new StringWriter();

        DryRunTable.Write(writer, Cases, "model size and work alone");

        Assert.Equal(
        [
            "Plan: 3 cases, estimated 3d 12:40:54",
            "Estimates: model size and work alone",
            "",
            "| # | case | configuration | model | estimate | cumulative |",
            "| --: | --: | --- | --- | --: | --: |",
            "| 1 | 007 | onnx-cpu (Threads=2) | codeparrot-small | 0:12:34 | 0:12:34 |",
            "| 2 | 002 | torch-cpu (Threads=2) | phi-2 | 12:15:00 | 12:27:34 |",
            "| 3 | 011 | jit-cpu (Threads=2) | gpt2-tiny | 3d 00:13:20 | 3d 12:40:54 |",
            "",
            "Total: 3 cases, 3d 12:40:54",
        ], Lines(writer));
    }

    [Fact]
    public void ShardShowsItsShareOfThePlanAndEveryShardTotal()
    {
        var writer = new StringWriter();
        var start = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        ShardTotal[] totals = [new(new ShardSpec(1, 2), 3, 304_854.4), new(new ShardSpec(2, 2), 4, 300_000)];

        DryRunTable.Write(writer, Cases, "calibrated", new ShardSpec(1, 2), planCaseCount: 7, totals, start, c => c.Model == "phi-2" ? "est. from model size" : "timed here");

        var lines = Lines(writer);
        Assert.Equal("Shard 1/2 of the plan: 3 of 7 cases, estimated 3d 12:40:54, ending about 2026-12-05 00:40 +00:00", lines[0]);
        Assert.Equal("| # | case | configuration | model | estimate | cumulative | ends about | basis |", lines[3]);
        Assert.Equal("| 1 | 007 | onnx-cpu (Threads=2) | codeparrot-small | 0:12:34 | 0:12:34 | 2026-12-01 12:12 +00:00 | timed here |", lines[5]);
        Assert.Equal("| 2 | 002 | torch-cpu (Threads=2) | phi-2 | 12:15:00 | 12:27:34 | 2026-12-02 00:27 +00:00 | est. from model size |", lines[6]);
        Assert.Equal(
        [
            "Shards (2, each on a machine of its own):",
            "",
            "| shard | cases | estimate |",
            "| --- | --: | --: |",
            "| 1/2 | 3 | 3d 12:40:54 |",
            "| 2/2 | 4 | 3d 11:20:00 |",
            "",
            "Longest shard: 3d 12:40:54 (the campaign's wall time when every shard runs at once)",
        ], lines[^8..]);
    }

    [Fact]
    public void PipeInALabelIsEscaped()
    {
        var writer = new StringWriter();

        DryRunTable.Write(writer, [Case(0, "onnx-cpu (Stop=a|b)", "m", 1)], "x");

        Assert.Contains("| onnx-cpu (Stop=a\\|b) |", writer.ToString());
    }

    private static string[] Lines(StringWriter writer) => writer.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
