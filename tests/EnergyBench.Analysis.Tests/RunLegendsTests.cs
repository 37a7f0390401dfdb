using EnergyBench.Analysis.Reports;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Analysis.Tests;

/// <summary>The n/a reasons of a run, read from the legends of BenchmarkDotNet's log as the run writes them.</summary>
public sealed class RunLegendsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("energybench-legends-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Log = """
        // * Summary *
          Decode J/token : not a legend, another section
        // * Legends *
          Model                  : Value of the 'Model' parameter
          GPU [J]                : GPU energy per operation; n/a: NVML: libnvidia-ml.so.1 not found
          Decode J/token (est.)  : Decode energy per token the decode steps generated; source: estimated
          Prefill [J]            : CPU + GPU energy in the prefill windows; n/a: the generator did not time the phases
          1 ms                   : 1 Millisecond (0.001 sec)

        // * Diagnostic Output - EnergyBench *
        """;

    [Fact]
    public void A_metrics_reason_comes_from_its_columns_legend()
    {
        File.WriteAllText(Path.Combine(_directory, "EnergyBench.Benchmarks.OnnxCpu-20261201-091705.log"), Log);
        var legends = RunLegends.Read(_directory);

        Assert.Equal("NVML: libnvidia-ml.so.1 not found", legends.NotAvailable(SampleMetric.GpuEnergy));
        Assert.Equal("the generator did not time the phases", legends.NotAvailable(SampleMetric.PrefillEnergy));
        Assert.Null(legends.NotAvailable(SampleMetric.DecodeEnergyPerToken)); // measured (an estimate), so no reason
        Assert.Null(legends.NotAvailable(SampleMetric.PrefillEnergyPerToken)); // "Prefill J/token" is not "Prefill [J]"
    }

    [Fact]
    public void A_folder_without_a_log_has_no_reasons()
    {
        Assert.Null(RunLegends.Read(_directory).NotAvailable(SampleMetric.GpuEnergy));
        Assert.Null(RunLegends.Read(Path.Combine(_directory, "missing")).NotAvailable(SampleMetric.GpuEnergy));
    }
}
