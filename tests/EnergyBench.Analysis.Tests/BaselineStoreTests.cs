using EnergyBench.Analysis.Gate;
using EnergyBench.Analysis.Samples;

namespace EnergyBench.Analysis.Tests;

public sealed class BaselineStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("energybench-store-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A run directory as the suite writes it: samples and the full JSON report under results/.</summary>
    private string MakeRun(string name, double seconds)
    {
        string results = Path.Combine(_directory, "runs", name, "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "OnnxCpu-samples.csv"),
            SamplesReader.Header + "\n" + string.Join("\n", Enumerable.Range(1, 3).Select(i => $"gpt2-tiny,onnx-cpu,{i},time_s,{seconds},s,clock")) + "\n");
        File.WriteAllText(Path.Combine(results, "OnnxCpu-report-full.json"), "{\"Benchmarks\":[]}");
        return Path.Combine(_directory, "runs", name);
    }

    [Fact]
    public void Runs_are_stored_one_folder_each_and_the_oldest_beyond_keep_are_dropped()
    {
        string store = Path.Combine(_directory, "baseline");
        for (int i = 1; i <= 4; i++)
            BaselineStore.Add(MakeRun($"2026112{i}-120000", i), store, keep: 3);

        var folders = Directory.GetDirectories(store).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["0002-20261122-120000", "0003-20261123-120000", "0004-20261124-120000"], folders);
        Assert.True(File.Exists(Path.Combine(store, folders[0]!, "OnnxCpu-report-full.json")));

        // Read back, every stored run is a launch of its own.
        var rows = SamplesReader.Read(SamplesReader.Find(store));
        Assert.Equal(3, rows.Select(r => r.Launch).Distinct().Count());
        Assert.Equal([2.0, 3.0, 4.0], rows.GroupBy(r => r.Launch).Select(g => g.First().Value).Order());
    }

    [Fact]
    public void A_directory_of_several_runs_adds_each_as_a_launch()
    {
        MakeRun("a", 1);
        MakeRun("b", 2);
        var added = BaselineStore.Add(Path.Combine(_directory, "runs"), Path.Combine(_directory, "store"));
        Assert.Equal(["0001-a", "0002-b"], added.Select(Path.GetFileName));
        Assert.Throws<ArgumentException>(() => BaselineStore.Add(Path.Combine(_directory, "runs"), Path.Combine(_directory, "store"), keep: 0));
    }
}
