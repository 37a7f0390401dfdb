using EnergyBench.Analysis.Performance;
using EnergyBench.Analysis.Roofline;
using EnergyBench.Analysis.Samples;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Analysis.Tests;

/// <summary>The performance table's figures per case, worked out by hand from samples and reports written here.</summary>
public sealed class PerformanceTableTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "energybench-performance-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private static readonly ModelWorkload Work = new(new ModelCost(1000, 1000, 100, 10, 10, 4), new GenerationWorkload([10], 4));

    private static RooflineRow Roofline(string configuration) => new(configuration, "tiny", 3, 50, 1000, 500, Work);

    private static IEnumerable<SampleRow> Iterations(string configuration, string metric, params double[] values) =>
        values.Select((v, i) => new SampleRow("tiny", configuration, i + 1, metric, v, "", ""));

    [Fact]
    public void Each_case_gets_its_medians_its_peak_its_allocations_and_the_overhead_of_its_meters()
    {
        var samples = Iterations("onnx-cpu", "non_forward_share", 0.02, 0.01, 0.03)
            .Concat(Iterations("onnx-cpu", "process_rss_mib", 10, 12, 11))
            .Concat(Iterations("onnx-cpu", "process_peak_rss_mib", 13, 15, 15))
            .Concat(Iterations("onnx-cpu", "runtime_rss_mib", 4, 4, 4))
            .Append(new SampleRow("tiny", "onnx-cpu", 0, "process_peak_rss_mib", 99, "", "")) // case level: never an iteration
            .Concat(Iterations("torch-cpu", "time_s", 2, 2, 2))
            .ToList();
        var allocations = new Dictionary<(string, string), double> { [("tiny", "onnx-cpu")] = 2048 };
        var overheads = new Dictionary<(string, string), MeterOverhead> { [("tiny", "onnx-cpu")] = new(0.05, 0.01, 0.09) };
        // 10 MiB of weights: RSS 11 MiB is 1.1x, 7 MiB above the 4 MiB runtime 0.7x, the peak 15 MiB 1.5x.
        var weights = new Dictionary<string, long> { ["tiny"] = 10L * 1024 * 1024 };

        var rows = PerformanceTable.Of([Roofline("onnx-cpu"), Roofline("torch-cpu")], samples, allocations, overheads, weights);

        var onnx = rows[0];
        Assert.Equal(0.02, onnx.NonForwardShare!.Value, 12);
        Assert.Equal(11, onnx.RssMib!.Value, 12);
        Assert.Equal(15, onnx.PeakRssMib!.Value, 12);
        Assert.Equal(1.1, onnx.RssPerWeightByte!.Value, 12);
        Assert.Equal(4, onnx.RuntimeRssMib!.Value, 12);
        Assert.Equal(0.7, onnx.RssAboveRuntimePerWeightByte!.Value, 12);
        Assert.Equal(1.5, onnx.PeakRssPerWeightByte!.Value, 12);
        Assert.Equal(2048, onnx.AllocatedBytes);
        Assert.Equal(0.05, onnx.DecodeShare, 12);

        // torch-cpu has none of those figures: n/a, never 0.
        var torch = rows[1];
        Assert.Null(torch.NonForwardShare);
        Assert.Null(torch.AllocatedBytes);
        Assert.Null(torch.PeakRssMib);
        Assert.Null(torch.RuntimeRssMib);
        Assert.Null(torch.RssAboveRuntimePerWeightByte);
        Assert.Null(torch.MeterOverhead);

        string markdown = PerformanceTable.Markdown(rows);
        Assert.Contains("| onnx-cpu | tiny | 3 | 50.0 | 5 % | 2.00 % | 2.0 KiB | 11 | 1.10x | 4 | 0.70x | 15 | 1.50x | +5.00 % [+1.00, +9.00] |", markdown);
        Assert.Contains("| torch-cpu | tiny | 3 | 50.0 | 5 % | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |", markdown);
    }

    [Fact]
    public void The_overhead_pools_every_metered_job_of_a_case_against_every_bare_one()
    {
        // Jobs 1 and 4 metered, 2 and 3 bare: metered times 1.10, 1.00, 1.05, 1.06 (median 1.055), bare 1.00, 0.98, 1.02, 1.00 (median 1.00).
        var times = Iterations("onnx-cpu (Job=1-metered)", "time_s", 1.10, 1.00)
            .Concat(Iterations("onnx-cpu (Job=2-bare)", "time_s", 1.00, 0.98))
            .Concat(Iterations("onnx-cpu (Job=3-bare)", "time_s", 1.02, 1.00))
            .Concat(Iterations("onnx-cpu (Job=4-metered)", "time_s", 1.05, 1.06))
            .Concat(Iterations("torch-cpu (Job=1-metered)", "time_s", 2, 2)) // no bare job: no overhead
            .ToList();

        var overheads = PerformanceTable.Overheads(times, ["1-metered", "4-metered"], ["2-bare", "3-bare"]);

        Assert.Equal(0.055, overheads[("tiny", "onnx-cpu")].Overhead, 12);
        Assert.False(overheads.ContainsKey(("tiny", "torch-cpu")));
    }

    [Theory]
    [InlineData("onnx-cpu (Job=1-metered)", "onnx-cpu", "1-metered")]
    [InlineData("onnx-cpu (Threads=1, Job=2-bare)", "onnx-cpu (Threads=1)", "2-bare")]
    [InlineData("onnx-cpu (Threads=1)", "onnx-cpu (Threads=1)", null)]
    [InlineData("onnx-cpu", "onnx-cpu", null)]
    public void A_label_splits_into_the_case_and_its_job(string label, string expectedLabel, string? expectedJob)
    {
        Assert.Equal((expectedLabel, expectedJob), JobLabels.Split(label));
    }

    [Fact]
    public void Allocations_are_read_from_the_full_json_report_under_the_samples_label()
    {
        Directory.CreateDirectory(_directory);
        string report = Path.Combine(_directory, "EnergyBench.Benchmarks.OnnxCpu-report-full.json");
        File.WriteAllText(report, """
            {"Benchmarks":[
              {"Type":"OnnxCpu","DisplayInfo":"OnnxCpu.Generate: Monitoring(IterationCount=3)","Parameters":"Model=/models/tiny&MaxNewTokens=4","Memory":{"Gen0Collections":0,"BytesAllocatedPerOperation":123456}},
              {"Type":"TorchCpu","DisplayInfo":"TorchCpu.Generate: Monitoring(IterationCount=3)","Parameters":"Model=/models/tiny&MaxNewTokens=4"}
            ]}
            """);

        var allocations = ReportJsonReader.ReadAllocations(ReportJsonReader.Find(_directory));

        Assert.Equal(123456, allocations[("tiny", "onnx-cpu")]);
        Assert.False(allocations.ContainsKey(("tiny", "torch-cpu"))); // no MemoryDiagnoser figure: left out, not 0
    }
}
