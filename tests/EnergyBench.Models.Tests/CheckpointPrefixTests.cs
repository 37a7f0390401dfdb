using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Tests;

/// <summary>
/// Tensor names with the base model's prefix (saved from the causal-LM class) and without it (saved from the base
/// class; BLOOM's original release): the same weights.
/// </summary>
public class CheckpointPrefixTests
{
    [Theory]
    [MemberData(nameof(HfCheckpoint.Presets), MemberType = typeof(HfCheckpoint))]
    public void Names_with_and_without_the_base_prefix_read_the_same_weights(string preset)
    {
        var hf = new HfCheckpoint(preset);
        using var prefixed = new TempDirectory();
        using var bare = new TempDirectory();
        hf.WriteSingle(prefixed.Path);
        hf.WriteSingle(bare.Path, rename: hf.WithoutPrefix);
        using (var file = new SafetensorsFile(bare.File(Checkpoint.SingleFile)))
            Assert.DoesNotContain(file.Entries.Keys, name => name.StartsWith(hf.Prefix, StringComparison.Ordinal));

        var withPrefix = hf.ReadAll(prefixed.Path);
        var withoutPrefix = hf.ReadAll(bare.Path);
        HfCheckpoint.AssertSame(withPrefix, withoutPrefix);
        // The embedding, the first tensor of every checkpoint, is read as stored.
        Assert.Equal(hf.Values(hf.Tensors[0]), withoutPrefix[CanonicalWeights.Embedding]);
    }
}
