namespace EnergyBench.Tests;

/// <summary>
/// The same plan run in one process and as two shards merged: the merged run directory holds the same cases, under the
/// same folders and labels, with the same iterations, metrics and case facts; only measured values differ between runs.
/// </summary>
public class ShardMergeEquivalenceTests(TestModel model) : IClassFixture<TestModel>
{
    private string[] Bench(string run, params string[] more) => ["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath,
        "--max-new-tokens", "2", "--filter", "*OnnxCpu*", "*TorchCpu*", "--iterationCount", "2", "--warmupCount", "0", "--idle", "0.2s",
        "--guard-prompts", "0", "--seed", "3", "--artifacts", run, .. more];

    [Fact]
    public void Two_shards_merged_hold_what_one_process_measures()
    {
        string one = Path.Combine(model.ArtifactsPath, "plan-one"), merged = Path.Combine(model.ArtifactsPath, "plan-merged");
        string[] shards = [Path.Combine(model.ArtifactsPath, "plan-shard-1"), Path.Combine(model.ArtifactsPath, "plan-shard-2")];
        Succeeds(AppProcess.Run(Bench(one)));
        Succeeds(AppProcess.Run(Bench(shards[0], "--shard", "1/2")));
        Succeeds(AppProcess.Run(Bench(shards[1], "--shard", "2/2")));
        Succeeds(AppProcess.Run(["merge", shards[0], shards[1], "--out", merged]));

        Assert.Equal(CaseFolders(one), CaseFolders(merged));
        Assert.Equal(2, CaseFolders(merged).Count);
        Assert.Equal(Rows(one).Select(r => r.Key).Order(), Rows(merged).Select(r => r.Key).Order());
        // Case facts (planned iterations, parameter count, runtime baseline) are the same; measurements are not.
        Assert.Equal(Facts(one), Facts(merged));
        Assert.All(shards, shard => Assert.Single(CaseFolders(shard)));
    }

    private static void Succeeds(AppProcess.Result result) => Assert.True(result.ExitCode == 0, result.Output + result.Error);

    private static List<string> CaseFolders(string run) =>
        Directory.GetDirectories(Path.Combine(run, "cases")).Select(Path.GetFileName).Order().ToList()!;

    /// <summary>Every samples row of the run: (model, configuration, iteration, metric) and the value.</summary>
    private static List<(string Key, string Value)> Rows(string run) =>
        Directory.GetFiles(Path.Combine(run, "cases"), "*-samples.csv", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadAllLines(file).Skip(1)).Select(line => line.Split(','))
            .Select(f => ($"{f[0]},{f[1]},{f[2]},{f[3]}", f[4])).ToList();

    private static List<string> Facts(string run) =>
        Rows(run).Where(r => r.Key.EndsWith(",iterations_planned") || r.Key.EndsWith(",model_parameters"))
            .Select(r => $"{r.Key}={r.Value}").Order().ToList();
}
