using EnergyBench.Models.Architectures;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Tests;

/// <summary>
/// Buffers older transformers saved beside the weights (causal masks, masked_bias, rotary inv_freq), in their own
/// dtypes: ignored, the weights read as without them. BLOOM registers no buffers, so it has no case here.
/// </summary>
public class CheckpointBufferTests
{
    public static TheoryData<string> Presets => new(HfCheckpoint.PresetNames.Where(p => p != "bloom-test"));

    [Theory]
    [MemberData(nameof(Presets))]
    public void Saved_buffers_are_ignored(string preset)
    {
        var hf = new HfCheckpoint(preset);
        using var plain = new TempDirectory();
        using var withBuffers = new TempDirectory();
        hf.WriteSingle(plain.Path);
        var buffers = Buffers(hf.Config).ToList();
        Assert.NotEmpty(buffers);
        RawSafetensors.Write(withBuffers.File(Checkpoint.SingleFile), hf.RawTensors.Concat(buffers));

        HfCheckpoint.AssertSame(hf.ReadAll(plain.Path), hf.ReadAll(withBuffers.Path));
    }

    /// <summary>Per layer, the buffers of the model type under their checkpoint names.</summary>
    private static IEnumerable<RawTensor> Buffers(ArchitectureConfig c)
    {
        for (int layer = 0; layer < c.Layers; layer++)
        {
            switch (c.ModelType)
            {
                case "gpt2" or "gpt_bigcode":
                    yield return CausalMask($"transformer.h.{layer}.attn.bias", c.ModelType == "gpt2" ? "U8" : "BOOL", c.MaxPositions);
                    yield return RawTensor.Float32($"transformer.h.{layer}.attn.masked_bias", [], [-1e4f]);
                    break;
                case "gpt_neox":
                    yield return CausalMask($"gpt_neox.layers.{layer}.attention.bias", "BOOL", c.MaxPositions);
                    yield return RawTensor.Float32($"gpt_neox.layers.{layer}.attention.masked_bias", [], [-1e9f]);
                    yield return InverseFrequencies($"gpt_neox.layers.{layer}.attention.rotary_emb.inv_freq", c);
                    break;
                case "llama" or "gemma" or "phi":
                    yield return InverseFrequencies($"model.layers.{layer}.self_attn.rotary_emb.inv_freq", c);
                    break;
            }
        }
    }

    /// <summary>The lower-triangular [1, 1, n, n] mask, one byte per element.</summary>
    private static RawTensor CausalMask(string name, string dtype, int n)
    {
        var mask = new byte[n * n];
        for (int row = 0; row < n; row++)
            for (int column = 0; column <= row; column++)
                mask[row * n + column] = 1;
        return new RawTensor(name, dtype, [1, 1, n, n], mask);
    }

    private static RawTensor InverseFrequencies(string name, ArchitectureConfig c) =>
        RawTensor.Float32(name, [c.RotaryDims / 2], c.RotaryInverseFrequencies().Select(f => (float)f).ToArray());
}
