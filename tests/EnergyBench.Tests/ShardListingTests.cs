namespace EnergyBench.Tests;

/// <summary>
/// <c>bench --list flat --shard i/n</c> from the command line: each process computes its own shard, and together the
/// shards list every case of the plan once.
/// </summary>
public class ShardListingTests(TestModel model) : IClassFixture<TestModel>
{
    private List<string> List(params string[] shard)
    {
        var result = AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath, "--protocol", "quick", "--list", "flat", .. shard],
            timeoutSeconds: 300);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Length > 4 && char.IsAsciiDigit(line[0]) && line[3] == ' ').ToList(); // "007 Key"
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(9)]
    public void The_shards_processes_list_every_planned_case_once(int count)
    {
        var plan = List();
        Assert.True(plan.Count > 1, "the plan has several cases");

        var shards = Enumerable.Range(1, count).Select(i => List("--shard", $"{i}/{count}")).ToList();

        Assert.Equal(plan.Order(StringComparer.Ordinal), shards.SelectMany(s => s).Order(StringComparer.Ordinal));
        Assert.Equal(Math.Min(count, plan.Count), shards.Count(s => s.Count > 0));
    }
}
