using EnergyBench.Inference.Engines;
using EnergyBench.Models;
using EnergyBench.Models.Onnx;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests;

public class EngineTests(TestModelFixture fixture, ITestOutputHelper output) : IClassFixture<TestModelFixture>
{
    [Fact]
    public void Weights_in_external_data_by_default_give_the_logits_of_a_single_file_export()
    {
        // The fixture's model is exported as a build writes it: weights in model.onnx_data beside model.onnx.
        Assert.True(File.Exists(Path.Combine(fixture.Model.Path, "onnx", DecoderOnnxExporter.ExternalDataFile)));
        Assert.True(new FileInfo(fixture.Model.OnnxPath).Length < 100_000, "weights stayed inside model.onnx");
        // A single-file export, as older builds wrote below 1 GiB, still loads.
        using var dir = CopyOfModel("config.json", "model.safetensors", "tokenizer_config.json");
        var copy = new ModelDirectory(dir.Path, "embedded");
        using (var checkpoint = copy.OpenCheckpoint())
            DecoderOnnxExporter.Export(checkpoint, copy.OnnxPath, externalDataThreshold: long.MaxValue);
        Assert.False(File.Exists(Path.Combine(dir.Path, "onnx", DecoderOnnxExporter.ExternalDataFile)));

        using var external = EngineFactory.Create(ServingConfiguration.OnnxCpu, fixture.Model, new EngineOptions(1));
        using var embedded = EngineFactory.Create(ServingConfiguration.OnnxCpu, copy, new EngineOptions(1));
        using var a = external.StartSession();
        using var b = embedded.StartSession();
        Assert.Equal(a.Step(TestModelFixture.Prompts[1]).ToArray(), b.Step(TestModelFixture.Prompts[1]).ToArray());
        Assert.Equal(a.Step([220]).ToArray(), b.Step([220]).ToArray());
    }

    [Theory]
    [InlineData("onnx-cpu")]
    [InlineData("torch-cpu")]
    [InlineData("jit-cpu")]
    public void Engines_report_the_resident_memory_of_their_runtime_before_the_weights(string configuration)
    {
        using var engine = EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model, new EngineOptions(1));

        long runtime = long.Parse(engine.Settings[RuntimeBaseline.Setting], System.Globalization.CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        Assert.InRange(runtime, 1, process.WorkingSet64 + 256L * 1024 * 1024);
    }

    [Fact]
    public void A_garbage_onnx_file_is_named()
    {
        using var dir = CopyOfModel("config.json", "model.safetensors");
        Directory.CreateDirectory(dir.File("onnx"));
        File.WriteAllBytes(dir.File("onnx/model.onnx"), [1, 2, 3, 4, 5]);

        var error = Assert.Throws<ModelFormatException>(() =>
            EngineFactory.Create(ServingConfiguration.OnnxCpu, new ModelDirectory(dir.Path, "bad"), new EngineOptions(1)));
        Assert.StartsWith(dir.File("onnx/model.onnx"), error.Message);
    }

    [Fact]
    public void An_onnx_model_without_the_kv_cache_inputs_is_rejected()
    {
        using var dir = CopyOfModel("config.json", "model.safetensors");
        Directory.CreateDirectory(dir.File("onnx"));
        var graph = new OnnxGraph();
        graph.Input("input_ids", OnnxType.Int64, "batch", "sequence");
        graph.Node("Identity", ["input_ids"], ["logits"]);
        graph.Output("logits", OnnxType.Int64, "batch", "sequence");
        File.WriteAllBytes(dir.File("onnx/model.onnx"), graph.ToModel("wrong", DecoderOnnxExporter.Opset, new Dictionary<string, string>()));

        var error = Assert.Throws<ModelFormatException>(() =>
            EngineFactory.Create(ServingConfiguration.OnnxCpu, new ModelDirectory(dir.Path, "wrong"), new EngineOptions(1)));
        Assert.Contains("not an Optimum-style decoder with past", error.Message);
        Assert.Contains("attention_mask", error.Message);
    }

    [Fact]
    public void A_missing_onnx_file_says_how_to_export_it()
    {
        using var dir = CopyOfModel("config.json");
        var error = Assert.Throws<ModelFormatException>(() =>
            EngineFactory.Create(ServingConfiguration.OnnxCpu, new ModelDirectory(dir.Path, "none"), new EngineOptions(1)));
        Assert.Contains("models export-onnx", error.Message);
    }

    [CpuPackageTheory(RuntimeEngine.Torch)]
    [InlineData("torch-cuda")]
    [InlineData("jit-cuda")]
    public void Torch_cuda_configurations_say_why_they_are_unavailable_here(string configuration)
    {
        var error = Assert.Throws<ConfigurationUnavailableException>(() =>
            EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model, new EngineOptions(1)));
        Assert.StartsWith($"{configuration} unavailable: this build references TorchSharp-cpu", error.Message);
        Assert.Contains("BENCH_TORCH_ACCELERATOR=cuda", error.Message);
    }

    [CpuPackageTheory(RuntimeEngine.Onnx)]
    [InlineData("onnx-cuda")]
    public void Onnx_cuda_says_why_it_is_unavailable_here(string configuration)
    {
        var error = Assert.Throws<ConfigurationUnavailableException>(() =>
            EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model, new EngineOptions(1)));
        Assert.StartsWith($"{configuration} unavailable: this build references Microsoft.ML.OnnxRuntime,", error.Message);
        Assert.Contains("BENCH_ONNX_ACCELERATOR=cuda", error.Message);
    }

    [Fact]
    public void Engines_report_their_thread_counts()
    {
        using var onnx = EngineFactory.Create(ServingConfiguration.OnnxCpu, fixture.Model, new EngineOptions(1));
        using var torch = EngineFactory.Create(ServingConfiguration.TorchCpu, fixture.Model, new EngineOptions(1));
        Assert.Equal("1", onnx.Settings["intra_op_threads"]);
        Assert.Equal("1", torch.Settings["intra_op_threads"]);
        Assert.StartsWith("onnxruntime 1.", onnx.Settings["engine"]);
        Assert.StartsWith("TorchSharp 0.107", torch.Settings["engine"]);
    }

    [Theory]
    [InlineData("torch-cpu", "bf16")]
    [InlineData("jit-cpu", "bf16")]
    [InlineData("torch-cpu", "fp16")]
    public void Torch_engines_compute_in_reduced_precision_when_asked(string configuration, string precision)
    {
        var options = new EngineOptions(1, PrecisionNames.Parse(precision));
        using var reduced = EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model, options);
        using var full = EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model, new EngineOptions(1));
        Assert.Equal(precision, reduced.Settings["precision"]);
        using var a = reduced.StartSession();
        using var b = full.StartSession();
        float[] low = a.Step(TestModelFixture.Prompts[1]).ToArray();
        float[] high = b.Step(TestModelFixture.Prompts[1]).ToArray();
        double difference = low.Zip(high, (x, y) => Math.Abs((double)x - y)).Max(), scale = high.Max(Math.Abs);
        output.WriteLine($"{configuration} {precision}: max |reduced - fp32| = {difference:G3} at logit scale {scale:G3}");
        Assert.True(difference > 0, "the reduced-precision logits are bit-identical to fp32: the precision was not applied");
        Assert.True(difference < 0.1 * scale, $"difference {difference} at scale {scale}");
    }

    [Fact]
    public void Onnx_says_it_runs_fp32_only()
    {
        var error = Assert.Throws<ConfigurationUnavailableException>(() =>
            EngineFactory.Create(ServingConfiguration.OnnxCpu, fixture.Model, new EngineOptions(1, Precision.Fp16)));
        Assert.Equal("onnx-cpu unavailable: fp16 is not supported: the ONNX export is fp32", error.Message);
    }

    /// <summary>A scratch directory with some of the test model's files.</summary>
    private TempDirectory CopyOfModel(params string[] files)
    {
        var dir = new TempDirectory();
        foreach (string file in files)
            File.Copy(Path.Combine(fixture.Model.Path, file), dir.File(file));
        return dir;
    }
}

public class ConfigurationAvailabilityTests
{
    [Theory]
    [InlineData("torch-cpu")]
    [InlineData("jit-cpu")]
    [InlineData("onnx-cpu")]
    public void Cpu_configurations_of_the_default_build_are_available(string configuration) =>
        Assert.Null(ConfigurationAvailability.Check(ServingConfiguration.Parse(configuration)));

    [CpuPackageTheory(RuntimeEngine.Torch)]
    [InlineData("torch-cuda")]
    [InlineData("jit-cuda")]
    public void Torch_cuda_configurations_of_the_cpu_package_name_the_package_and_the_switch(string configuration) =>
        Assert.Equal("this build references TorchSharp-cpu, the CPU-only package; build with BENCH_TORCH_ACCELERATOR=cuda (or -p:TorchAccelerator=cuda) on a machine with an NVIDIA GPU",
            ConfigurationAvailability.Check(ServingConfiguration.Parse(configuration)));

    [CpuPackageTheory(RuntimeEngine.Onnx)]
    [InlineData("onnx-cuda")]
    public void Onnx_cuda_of_the_cpu_package_names_the_package_and_the_switch(string configuration) =>
        Assert.Equal("this build references Microsoft.ML.OnnxRuntime, the CPU-only package; build with BENCH_ONNX_ACCELERATOR=cuda (or -p:OnnxAccelerator=cuda) on a machine with an NVIDIA GPU",
            ConfigurationAvailability.Check(ServingConfiguration.Parse(configuration)));
}
