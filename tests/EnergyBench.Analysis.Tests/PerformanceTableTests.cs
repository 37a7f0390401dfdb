using EnergyBench.Analysis.Performance;
using EnergyBench.Analysis.Roofline;
using EnergyBench.Analysis.Samples;

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
            .Concat(Iterations("onnx-cpu", "time_s", 1.10, 1.00, 1.05))
            .Append(new SampleRow("tiny", "onnx-cpu", 0, "process_peak_rss_mib", 99, "", "")) // case level: never an iteration
            .Concat(Iterations("torch-cpu", "time_s", 2, 2, 2))
            .ToList();
        var withoutMeters = Iterations("onnx-cpu", "time_s", 1.00, 0.98, 1.02).ToList();
        var allocations = new Dictionary<(string, string), double> { [("tiny", "onnx-cpu")] = 2048 };
        // 10 MiB of weights: RSS 11 MiB is 1.1x, the peak 15 MiB 1.5x.
        var weights = new Dictionary<string, long> { ["tiny"] = 10L * 1024 * 1024 };

        var rows = PerformanceTable.Of([Roofline("onnx-cpu"), Roofline("torch-cpu")], samples, allocations, withoutMeters, weights);

        var onnx = rows[0];
        Assert.Equal(0.02, onnx.NonForwardShare!.Value, 12);
        Assert.Equal(11, onnx.RssMib!.Value, 12);
        Assert.Equal(15, onnx.PeakRssMib!.Value, 12);
        Assert.Equal(1.1, onnx.RssPerWeightByte!.Value, 12);
        Assert.Equal(1.5, onnx.PeakRssPerWeightByte!.Value, 12);
        Assert.Equal(2048, onnx.AllocatedBytes);
        // Medians 1.05 s with meters and 1.00 s without: 5 % overhead; the relative IQRs are 0.05 / 1.05 and 0.02 / 1.00.
        Assert.Equal(0.05, onnx.MeterOverhead!.Value, 12);
        Assert.Equal(0.025 / 1.05, onnx.MeterOverheadNoise!.Value, 12);
        Assert.Equal(0.05, onnx.DecodeShare, 12);

        // torch-cpu has none of those figures: n/a, never 0.
        var torch = rows[1];
        Assert.Null(torch.NonForwardShare);
        Assert.Null(torch.AllocatedBytes);
        Assert.Null(torch.PeakRssMib);
        Assert.Null(torch.MeterOverhead);

        string markdown = PerformanceTable.Markdown(rows);
        Assert.Contains("| onnx-cpu | tiny | 3 | 50.0 | 5 % | 2.00 % | 2.0 KiB | 11 | 1.10x | 15 | 1.50x | +5.0 % |", markdown);
        Assert.Contains("| torch-cpu | tiny | 3 | 50.0 | 5 % | n/a | n/a | n/a | n/a | n/a | n/a | n/a |", markdown);
    }

    [Fact]
    public void An_overhead_within_the_iterations_spread_is_marked_as_noise()
    {
        var samples = Iterations("onnx-cpu", "time_s", 1.0, 1.2, 1.1).ToList();
        var withoutMeters = Iterations("onnx-cpu", "time_s", 1.0, 1.2, 1.09).ToList();

        var row = PerformanceTable.Of([Roofline("onnx-cpu")], samples, new Dictionary<(string, string), double>(), withoutMeters,
            new Dictionary<string, long> { ["tiny"] = 1 })[0];

        // 1.1 / 1.09 - 1 = 0.92 %, within half the larger relative IQR: 0.1 / 2 / 1.1 = 4.5 % with meters, 0.1 / 2 / 1.09 = 4.6 % without.
        Assert.Contains("+0.9 % (noise ±4.6 %)", PerformanceTable.Markdown([row]));
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
