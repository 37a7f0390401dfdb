using EnergyBench.Models.Gpt2;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Models.Tests;

public class Gpt2CheckpointTests
{
    private static readonly Gpt2Config Config = ModelPreset.Get("gpt2-test").Config;

    private static void WriteCheckpoint(string path, IReadOnlyList<TensorSpec> specs) =>
        SafetensorsWriter.Write(path, specs, new SyntheticGpt2Weights(Config, 1).Fill);

    [Fact]
    public void Opens_a_synthetic_checkpoint_and_reads_tensors()
    {
        using var dir = new TempDirectory();
        WriteCheckpoint(dir.File("model.safetensors"), Gpt2Tensors.For(Config));
        using var checkpoint = new Gpt2Checkpoint(dir.Path, Config);
        Assert.Equal(Config.VocabSize * Config.NEmbd, checkpoint.ReadFloat32("transformer.wte.weight").Length);
    }

    [Fact]
    public void Names_without_the_transformer_prefix_are_accepted()
    {
        using var dir = new TempDirectory();
        var bare = Gpt2Tensors.For(Config).Select(s => s with { Name = s.Name[Gpt2Tensors.Prefix.Length..] }).ToList();
        WriteCheckpoint(dir.File("model.safetensors"), bare);
        using var checkpoint = new Gpt2Checkpoint(dir.Path, Config);
        Assert.Equal(Config.NEmbd, checkpoint.ReadFloat32("transformer.ln_f.bias").Length);
    }

    [Fact]
    public void A_wrong_shape_names_the_file_and_the_tensor()
    {
        using var dir = new TempDirectory();
        var specs = Gpt2Tensors.For(Config)
            .Select(s => s.Name.EndsWith("h.1.mlp.c_fc.weight") ? s with { Shape = [Config.NEmbd, 3 * Config.NEmbd] } : s)
            .ToList();
        WriteCheckpoint(dir.File("model.safetensors"), specs);
        var error = Assert.Throws<ModelFormatException>(() => new Gpt2Checkpoint(dir.Path, Config));
        Assert.EndsWith("model.safetensors", error.FilePath);
        Assert.Contains("transformer.h.1.mlp.c_fc.weight", error.Message);
        Assert.Contains("[16, 48]", error.Message);
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        using var dir = new TempDirectory();
        WriteCheckpoint(dir.File("model.safetensors"), Gpt2Tensors.For(Config).Where(s => !s.Name.Contains("ln_f.bias")).ToList());
        Assert.Contains("'transformer.ln_f.bias' is missing", Assert.Throws<ModelFormatException>(() => new Gpt2Checkpoint(dir.Path, Config)).Message);
    }

    [Fact]
    public void Pytorch_bin_weights_are_named_as_an_unsupported_format_with_how_to_convert()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("pytorch_model.bin"), [1, 2, 3]);
        var error = Assert.Throws<ModelFormatException>(() => new Gpt2Checkpoint(dir.Path, Config));
        Assert.Equal(dir.File("pytorch_model.bin"), error.FilePath);
        Assert.StartsWith("weights format not supported: the suite reads safetensors", error.Problem);
        Assert.Contains($"save_pretrained('{dir.Path}', safe_serialization=True)", error.Problem);
    }

    [Fact]
    public void Sharded_checkpoints_are_read_through_their_index()
    {
        using var dir = new TempDirectory();
        var specs = Gpt2Tensors.For(Config);
        var first = specs.Take(5).ToList();
        var rest = specs.Skip(5).ToList();
        WriteCheckpoint(dir.File("model-00001-of-00002.safetensors"), first);
        WriteCheckpoint(dir.File("model-00002-of-00002.safetensors"), rest);
        string map = string.Join(",", first.Select(s => $"\"{s.Name}\":\"model-00001-of-00002.safetensors\"")
            .Concat(rest.Select(s => $"\"{s.Name}\":\"model-00002-of-00002.safetensors\"")));
        File.WriteAllText(dir.File(Gpt2Checkpoint.IndexFile), $"{{\"metadata\":{{}},\"weight_map\":{{{map}}}}}");

        using var checkpoint = new Gpt2Checkpoint(dir.Path, Config);
        var expected = new float[Config.NEmbd];
        new SyntheticGpt2Weights(Config, 1).Fill(specs[^1], expected);
        Assert.Equal(expected, checkpoint.ReadFloat32(specs[^1].Name));
    }
}
