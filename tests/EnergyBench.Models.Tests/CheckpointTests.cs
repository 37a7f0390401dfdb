using EnergyBench.Models.Architectures;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Tests;

public class CheckpointTests
{
    private static readonly ArchitectureConfig Config = ModelPreset.Get("gpt2-test").Config;

    private static IReadOnlyList<TensorSpec> Stored => new SyntheticWeights(Config, 1).Tensors;

    /// <summary>Writes <paramref name="specs"/> with the synthetic values of the tensor of the same name with the prefix.</summary>
    private static void WriteCheckpoint(string path, IReadOnlyList<TensorSpec> specs)
    {
        var weights = new SyntheticWeights(Config, 1);
        SafetensorsWriter.Write(path, specs, (spec, data) =>
            weights.Fill(spec with { Name = spec.Name.StartsWith("transformer.") || spec.Name.StartsWith("lm_head") ? spec.Name : "transformer." + spec.Name }, data));
    }

    [Fact]
    public void Opens_a_synthetic_checkpoint_and_reads_tensors()
    {
        using var dir = new TempDirectory();
        WriteCheckpoint(dir.File("model.safetensors"), Stored);
        using var checkpoint = new Checkpoint(dir.Path, Config);
        Assert.Equal(Config.VocabSize * Config.Hidden, checkpoint.Read(CanonicalWeights.Embedding).Length);
    }

    [Fact]
    public void Names_without_the_transformer_prefix_are_accepted()
    {
        using var dir = new TempDirectory();
        var bare = Stored.Select(s => s with { Name = s.Name["transformer.".Length..] }).ToList();
        WriteCheckpoint(dir.File("model.safetensors"), bare);
        using var checkpoint = new Checkpoint(dir.Path, Config);
        Assert.Equal(Config.Hidden, checkpoint.Read(CanonicalWeights.FinalNormBias).Length);
    }

    [Fact]
    public void A_wrong_shape_names_the_file_and_the_tensor()
    {
        using var dir = new TempDirectory();
        var specs = Stored
            .Select(s => s.Name.EndsWith("h.1.mlp.c_fc.weight") ? s with { Shape = [Config.Hidden, 3 * Config.Hidden] } : s)
            .ToList();
        WriteCheckpoint(dir.File("model.safetensors"), specs);
        var error = Assert.Throws<ModelFormatException>(() => new Checkpoint(dir.Path, Config));
        Assert.EndsWith("model.safetensors", error.FilePath);
        Assert.Contains("transformer.h.1.mlp.c_fc.weight", error.Message);
        Assert.Contains("[16, 48]", error.Message);
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        using var dir = new TempDirectory();
        WriteCheckpoint(dir.File("model.safetensors"), Stored.Where(s => !s.Name.Contains("ln_f.bias")).ToList());
        Assert.Contains("'transformer.ln_f.bias' [16] is missing", Assert.Throws<ModelFormatException>(() => new Checkpoint(dir.Path, Config)).Message);
    }

    [Fact]
    public void Pytorch_bin_weights_are_named_as_an_unsupported_format_with_how_to_convert()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("pytorch_model.bin"), [1, 2, 3]);
        var error = Assert.Throws<ModelFormatException>(() => new Checkpoint(dir.Path, Config));
        Assert.Equal(dir.File("pytorch_model.bin"), error.FilePath);
        Assert.StartsWith("weights format not supported: the suite reads safetensors", error.Problem);
        Assert.Contains($"save_pretrained('{dir.Path}', safe_serialization=True)", error.Problem);
    }

    [Fact]
    public void Sharded_checkpoints_are_read_through_their_index()
    {
        using var dir = new TempDirectory();
        var specs = Stored;
        var first = specs.Take(5).ToList();
        var rest = specs.Skip(5).ToList();
        WriteCheckpoint(dir.File("model-00001-of-00002.safetensors"), first);
        WriteCheckpoint(dir.File("model-00002-of-00002.safetensors"), rest);
        string map = string.Join(",", first.Select(s => $"\"{s.Name}\":\"model-00001-of-00002.safetensors\"")
            .Concat(rest.Select(s => $"\"{s.Name}\":\"model-00002-of-00002.safetensors\"")));
        File.WriteAllText(dir.File(Checkpoint.IndexFile), $"{{\"metadata\":{{}},\"weight_map\":{{{map}}}}}");

        using var checkpoint = new Checkpoint(dir.Path, Config);
        var expected = new float[Config.Hidden];
        new SyntheticWeights(Config, 1).Fill(specs[^1], expected);
        Assert.Equal(expected, checkpoint.Read(CanonicalWeights.FinalNormBias));
    }
}
