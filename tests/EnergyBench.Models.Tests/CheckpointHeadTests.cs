using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Tests;

/// <summary>
/// The output head: a tied one is the embedding, with or without an lm_head.weight in the file; an untied one that
/// is missing is named with the shape config.json needs.
/// </summary>
public class CheckpointHeadTests
{
    [Theory]
    [InlineData("gpt2-test")]
    [InlineData("gpt_bigcode-test")]
    [InlineData("bloom-test")]
    [InlineData("gemma-test")]
    public void A_tied_head_needs_no_lm_head_weight_and_ignores_one_that_is_there(string preset)
    {
        var hf = new HfCheckpoint(preset);
        Assert.True(hf.Config.TiedHead);
        Assert.DoesNotContain(hf.Tensors, t => t.Name.StartsWith("lm_head", StringComparison.Ordinal));
        using var without = new TempDirectory();
        using var with = new TempDirectory();
        hf.WriteSingle(without.Path);
        var embedding = hf.Tensors[0];
        RawSafetensors.Write(with.File(Checkpoint.SingleFile),
            hf.RawTensors.Append(RawTensor.Float32("lm_head.weight", embedding.Shape, hf.Values(embedding))));

        var read = hf.ReadAll(without.Path);
        Assert.DoesNotContain(CanonicalWeights.Head, read.Keys);
        HfCheckpoint.AssertSame(read, hf.ReadAll(with.Path));
    }

    [Theory]
    [InlineData("gpt_neox-test", "embed_out.weight", "[100277, 32]")]
    [InlineData("llama-test", "lm_head.weight", "[100277, 32]")]
    [InlineData("phi-test", "lm_head.weight", "[100277, 40]")]
    [InlineData("phi-test", "lm_head.bias", "[100277]")]
    public void A_missing_untied_head_is_named_with_its_shape(string preset, string tensor, string shape)
    {
        var hf = new HfCheckpoint(preset);
        Assert.False(hf.Config.TiedHead);
        using var dir = new TempDirectory();
        hf.Write(dir.File(Checkpoint.SingleFile), hf.Tensors.Where(t => t.Name != tensor));

        var error = Assert.Throws<ModelFormatException>(() => new Checkpoint(dir.Path, hf.Config));
        Assert.Equal(dir.File(Checkpoint.SingleFile), error.FilePath);
        Assert.StartsWith($"tensor '{tensor}' {shape} is missing", error.Problem);
    }
}
