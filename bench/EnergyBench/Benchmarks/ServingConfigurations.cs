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
    public override ServingConfiguration Configuration => ServingConfiguration.Parse("torch-cpu");
}

[BenchmarkCategory("jit", "cpu", "jit-cpu")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class JitCpu : ServingBenchmark
{
    public override ServingConfiguration Configuration => ServingConfiguration.Parse("jit-cpu");
}

[BenchmarkCategory("onnx", "cpu", "onnx-cpu")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class OnnxCpu : ServingBenchmark
{
    public override ServingConfiguration Configuration => ServingConfiguration.Parse("onnx-cpu");
}

[BenchmarkCategory("ov", "cpu", "ov-cpu")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class OvCpu : ServingBenchmark
{
    public override ServingConfiguration Configuration => ServingConfiguration.Parse("ov-cpu");
}

[BenchmarkCategory("torch", "cuda", "torch-cuda")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class TorchCuda : ServingBenchmark
{
    public override ServingConfiguration Configuration => ServingConfiguration.Parse("torch-cuda");
}

[BenchmarkCategory("jit", "cuda", "jit-cuda")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class JitCuda : ServingBenchmark
{
    public override ServingConfiguration Configuration => ServingConfiguration.Parse("jit-cuda");
}

[BenchmarkCategory("onnx", "cuda", "onnx-cuda")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class OnnxCuda : ServingBenchmark
{
    public override ServingConfiguration Configuration => ServingConfiguration.Parse("onnx-cuda");
}
