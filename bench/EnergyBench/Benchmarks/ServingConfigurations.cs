using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EnergyBench.Inference.Engines;

namespace EnergyBench.Benchmarks;

// One class per serving configuration. Categories name the engine, the provider and the configuration, so
// `--anyCategories cpu`, `--anyCategories onnx` or `--filter '*Onnx*'` pick them; grouping by category keeps
// baselines of different classes apart when reports are joined.

[BenchmarkCategory("torch", "cpu", "torch-cpu")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class TorchCpu : ServingBenchmark
{
    protected override ServingConfiguration Configuration => ServingConfiguration.TorchCpu;
}

[BenchmarkCategory("onnx", "cpu", "onnx-cpu")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class OnnxCpu : ServingBenchmark
{
    protected override ServingConfiguration Configuration => ServingConfiguration.OnnxCpu;
}
