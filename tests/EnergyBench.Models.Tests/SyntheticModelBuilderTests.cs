using EnergyBench.Models.Synthetic;

namespace EnergyBench.Models.Tests;

public class SyntheticModelBuilderTests
{
    [Fact]
    public void Same_preset_and_seed_give_the_same_files_byte_for_byte()
    {
        using var dir = new TempDirectory();
        var first = SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), dir.File("a"));
        var second = SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), dir.File("b"));
        var other = SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), dir.File("c"), seed: 99);

        Assert.Equal(["config.json", "model.safetensors", "onnx/model.onnx", "onnx/model.onnx_data", "tokenizer_config.json"], first.Files.Keys);
        Assert.Equal(first.Files, second.Files);
        Assert.Equal(File.ReadAllBytes(dir.File("a/bench-manifest.json")), File.ReadAllBytes(dir.File("b/bench-manifest.json")));
        Assert.NotEqual(first.Files["model.safetensors"], other.Files["model.safetensors"]);
        Assert.NotEqual(first.Files["onnx/model.onnx_data"], other.Files["onnx/model.onnx_data"]);
        Assert.Equal(first.Files["config.json"], other.Files["config.json"]);
    }

    [Fact]
    public void The_manifest_records_how_the_model_was_made()
    {
        using var dir = new TempDirectory();
        SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), dir.File("m"), seed: 5);
        var manifest = ModelManifest.TryLoad(dir.File("m/" + ModelManifest.FileName))!;
        Assert.Equal(("gpt2-test", 5UL, 1, "cl100k_base"), (manifest.Preset, manifest.Seed, manifest.SizeCategory, manifest.Tokenizer));
        Assert.Equal(ModelPreset.Get("gpt2-test").Config.ParameterCount, manifest.Parameters);
        Assert.False(Directory.Exists(dir.File("m") + $".partial-{Environment.ProcessId}"));
    }

    [Fact]
    public void Presets_are_resolved_in_the_model_cache_and_unknown_names_are_listed()
    {
        var model = ModelDirectory.Resolve("gpt2-tiny");
        Assert.Equal(Path.Combine(SuitePaths.Models, "gpt2-tiny"), model.Path);
        var error = Assert.Throws<ArgumentException>(() => ModelDirectory.Resolve("gpt9"));
        Assert.Contains("gpt2-110m", error.Message);
    }
}
