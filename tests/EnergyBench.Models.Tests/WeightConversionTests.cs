using EnergyBench.Models.Architectures;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models.Weights;
using static EnergyBench.Models.Weights.CanonicalWeights;

namespace EnergyBench.Models.Tests;

/// <summary>
/// Each conversion from Hugging Face tensors to the canonical layout ([out, in]; q|k|v as [Q | K | V] blocks; norms as
/// they multiply), checked element by element against the stored tensors with the index arithmetic of each layout.
/// </summary>
public sealed class WeightConversionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Gpt2_conv1d_weights_stored_in_by_out_are_transposed()
    {
        var (checkpoint, stored, c) = Open(ModelPreset.Get("gpt2-test").Config);
        using (checkpoint)
        {
            int h = c.Hidden, inner = c.Inner;
            for (int layer = 0; layer < c.Layers; layer++)
            {
                string l = $"transformer.h.{layer}.";
                AssertTransposed(checkpoint.Read(Layer(layer, Part.Qkv)), stored(l + "attn.c_attn.weight"), inputs: h, outputs: 3 * h);
                AssertTransposed(checkpoint.Read(Layer(layer, Part.Output)), stored(l + "attn.c_proj.weight"), inputs: h, outputs: h);
                AssertTransposed(checkpoint.Read(Layer(layer, Part.Up)), stored(l + "mlp.c_fc.weight"), inputs: h, outputs: inner);
                AssertTransposed(checkpoint.Read(Layer(layer, Part.Down)), stored(l + "mlp.c_proj.weight"), inputs: inner, outputs: h);
                Assert.Equal(stored(l + "attn.c_attn.bias"), checkpoint.Read(Layer(layer, Part.QkvBias)));
            }
        }
    }

    public static TheoryData<string, string> InterleavedQkv => new()
    {
        { "gpt_neox-test", "gpt_neox.layers.{0}.attention.query_key_value" },
        { "bloom-test", "transformer.h.{0}.self_attention.query_key_value" },
        // gpt_bigcode without multi_query: [3H, H] interleaved per head like NeoX
        { "gpt_bigcode-test:multi-head", "transformer.h.{0}.attn.c_attn" },
    };

    [Theory]
    [MemberData(nameof(InterleavedQkv))]
    public void Fused_qkv_interleaved_per_head_is_regrouped_into_q_k_v_blocks(string preset, string tensor)
    {
        var config = ModelPreset.Get(preset.Split(':')[0]).Config;
        if (preset.EndsWith(":multi-head"))
            config = config with { KvHeads = config.Heads };
        var (checkpoint, stored, c) = Open(config);
        using (checkpoint)
        {
            Assert.Equal(c.Heads, c.KvHeads);
            int h = c.Hidden, hd = c.HeadDim;
            for (int layer = 0; layer < c.Layers; layer++)
            {
                float[] weight = checkpoint.Read(Layer(layer, Part.Qkv)), bias = checkpoint.Read(Layer(layer, Part.QkvBias));
                float[] storedWeight = stored(string.Format(tensor, layer) + ".weight"), storedBias = stored(string.Format(tensor, layer) + ".bias");
                // Stored row (head·3 + part)·hd + d is canonical row part·H + head·hd + d (part 0 = q, 1 = k, 2 = v).
                for (int head = 0; head < c.Heads; head++)
                    for (int part = 0; part < 3; part++)
                        for (int d = 0; d < hd; d++)
                        {
                            int from = (head * 3 + part) * hd + d, to = part * h + head * hd + d;
                            Assert.Equal(storedBias[from], bias[to]);
                            for (int i = 0; i < h; i++)
                                Assert.Equal(storedWeight[from * h + i], weight[to * h + i]);
                        }
            }
        }
    }

    [Fact]
    public void Bigcode_multi_query_qkv_is_already_q_k_v_blocks()
    {
        var (checkpoint, stored, c) = Open(ModelPreset.Get("gpt_bigcode-test").Config);
        using (checkpoint)
        {
            Assert.Equal(1, c.KvHeads);
            for (int layer = 0; layer < c.Layers; layer++)
            {
                // [Q: H rows | K: hd rows | V: hd rows], as canonical with one KV head.
                float[] storedWeight = stored($"transformer.h.{layer}.attn.c_attn.weight");
                Assert.Equal((c.Hidden + 2 * c.HeadDim) * c.Hidden, storedWeight.Length);
                Assert.Equal(storedWeight, checkpoint.Read(Layer(layer, Part.Qkv)));
                Assert.Equal(stored($"transformer.h.{layer}.attn.c_attn.bias"), checkpoint.Read(Layer(layer, Part.QkvBias)));
            }
        }
    }

    [Theory]
    [InlineData("llama-test")]
    [InlineData("gemma-test")]
    [InlineData("phi-test")]
    public void Separate_q_k_v_projections_are_stacked(string preset)
    {
        var (checkpoint, stored, c) = Open(ModelPreset.Get(preset).Config);
        using (checkpoint)
        {
            int h = c.Hidden, q = c.QueryWidth, kv = c.KvWidth;
            for (int layer = 0; layer < c.Layers; layer++)
            {
                string l = $"model.layers.{layer}.self_attn.";
                float[] weight = checkpoint.Read(Layer(layer, Part.Qkv));
                Assert.Equal((q + 2 * kv) * h, weight.Length);
                for (int row = 0; row < q + 2 * kv; row++)
                {
                    var (projection, r) = row < q ? ("q_proj", row) : row < q + kv ? ("k_proj", row - q) : ("v_proj", row - q - kv);
                    float[] source = stored(l + projection + ".weight");
                    for (int i = 0; i < h; i++)
                        Assert.Equal(source[r * h + i], weight[row * h + i]);
                }
                if (c.QkvBias)
                    Assert.Equal([.. stored(l + "q_proj.bias"), .. stored(l + "k_proj.bias"), .. stored(l + "v_proj.bias")], checkpoint.Read(Layer(layer, Part.QkvBias)));
            }
        }
    }

    [Fact]
    public void Gemma_norm_weights_gain_one_and_llama_norm_weights_do_not()
    {
        var (gemma, gemmaStored, g) = Open(ModelPreset.Get("gemma-test").Config);
        using (gemma)
        {
            for (int layer = 0; layer < g.Layers; layer++)
            {
                AssertPlusOne(gemmaStored($"model.layers.{layer}.input_layernorm.weight"), gemma.Read(Layer(layer, Part.AttentionNormWeight)));
                AssertPlusOne(gemmaStored($"model.layers.{layer}.post_attention_layernorm.weight"), gemma.Read(Layer(layer, Part.MlpNormWeight)));
            }
            AssertPlusOne(gemmaStored("model.norm.weight"), gemma.Read(FinalNormWeight));
        }
        var (llama, llamaStored, _) = Open(ModelPreset.Get("llama-test").Config);
        using (llama)
            Assert.Equal(llamaStored("model.norm.weight"), llama.Read(FinalNormWeight));
    }

    /// <summary>Writes the config's synthetic checkpoint (F32, full names) and opens it, with a reader of its stored tensors.</summary>
    private (Checkpoint Checkpoint, Func<string, float[]> Stored, ArchitectureConfig Config) Open(ArchitectureConfig config)
    {
        var hf = new HfCheckpoint(config);
        string directory = Path.Combine(_dir.Path, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        hf.WriteSingle(directory);
        return (new Checkpoint(directory, config), name => hf.Values(hf.Tensor(name)), config);
    }

    /// <summary>Canonical [out, in] element (o, i) is stored [in, out] element (i, o).</summary>
    private static void AssertTransposed(float[] canonical, float[] stored, int inputs, int outputs)
    {
        Assert.Equal(inputs * outputs, canonical.Length);
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < inputs; i++)
                Assert.Equal(stored[i * outputs + o], canonical[o * inputs + i]);
    }

    private static void AssertPlusOne(float[] stored, float[] canonical)
    {
        Assert.Equal(stored.Length, canonical.Length);
        for (int i = 0; i < stored.Length; i++)
            Assert.Equal(1f + stored[i], canonical[i]);
    }
}
