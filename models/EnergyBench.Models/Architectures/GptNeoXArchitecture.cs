using System.Text.Json.Nodes;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;
using static EnergyBench.Models.Weights.CanonicalWeights;

namespace EnergyBench.Models.Architectures;

/// <summary>
/// gpt_neox (Pythia, StableCode alphas): rotary positions on the first <c>int(head_dim * rotary_pct)</c> dims, a
/// parallel residual with two LayerNorms, exact GELU, q|k|v interleaved per head, an untied head (<c>embed_out</c>).
/// </summary>
public sealed class GptNeoXArchitecture : Architecture
{
    public override string ModelType => "gpt_neox";
    public override string BasePrefix => "gpt_neox.";

    public override ArchitectureConfig Read(ConfigJson json)
    {
        RequireNoRopeScaling(json);
        int hidden = json.Int("hidden_size"), heads = json.Int("num_attention_heads");
        if (hidden % heads != 0)
            throw json.Error($"hidden_size ({hidden}) is not divisible by num_attention_heads ({heads})");
        int headDim = hidden / heads;
        bool bias = json.OptionalBool("attention_bias") ?? true;
        return new ArchitectureConfig
        {
            ModelType = ModelType,
            Layers = json.Int("num_hidden_layers"),
            Hidden = hidden,
            Heads = heads,
            KvHeads = heads,
            HeadDim = headDim,
            Inner = json.Int("intermediate_size"),
            VocabSize = json.Int("vocab_size"),
            MaxPositions = json.Int("max_position_embeddings"),
            Norm = NormKind.LayerNorm,
            NormEpsilon = json.OptionalDouble("layer_norm_eps") ?? 1e-5,
            Positions = PositionKind.Rotary,
            RotaryDims = RotaryDims(headDim, RotaryFraction(json, 0.25)),
            RotaryBase = RopeBase(json, 10000),
            Activation = ParseActivation(json, json.String("hidden_act") ?? "gelu"),
            Residual = json.OptionalBool("use_parallel_residual") ?? true ? ResidualKind.ParallelTwoNorms : ResidualKind.Sequential,
            TiedHead = json.OptionalBool("tie_word_embeddings") ?? false,
            QkvBias = bias,
            OutputBias = bias,
            MlpBias = true,
            BosTokenId = json.TokenId("bos_token_id"),
            EosTokenId = json.TokenId("eos_token_id"),
        };
    }

    public override JsonObject Write(ArchitectureConfig c) => new()
    {
        ["architectures"] = new JsonArray("GPTNeoXForCausalLM"),
        ["model_type"] = ModelType,
        ["hidden_act"] = ActivationName(c.Activation),
        ["hidden_size"] = c.Hidden,
        ["intermediate_size"] = c.Inner,
        ["num_attention_heads"] = c.Heads,
        ["num_hidden_layers"] = c.Layers,
        ["max_position_embeddings"] = c.MaxPositions,
        ["rotary_pct"] = (double)c.RotaryDims / c.HeadDim,
        ["rotary_emb_base"] = c.RotaryBase,
        ["use_parallel_residual"] = c.Residual == ResidualKind.ParallelTwoNorms,
        ["layer_norm_eps"] = c.NormEpsilon,
        ["attention_bias"] = c.QkvBias,
        ["vocab_size"] = c.VocabSize,
        ["bos_token_id"] = c.BosTokenId,
        ["eos_token_id"] = c.EosTokenId,
        ["tie_word_embeddings"] = c.TiedHead,
        ["torch_dtype"] = "float32",
    };

    public override IReadOnlyDictionary<string, WeightSource> Sources(ArchitectureConfig c)
    {
        long h = c.Hidden, inner = c.Inner;
        WeightSource Qkv(string name, params long[] shape) => new WeightSource.PerHeadQkv(new TensorSpec(name, shape), c.Heads, c.HeadDim);
        return Map(c, name =>
        {
            var (layer, part) = Split(name);
            string l = $"gpt_neox.layers.{layer}.";
            return (layer, part) switch
            {
                (-1, Embedding) => Direct("gpt_neox.embed_in.weight", c.VocabSize, h),
                (-1, FinalNormWeight) => Direct("gpt_neox.final_layer_norm.weight", h),
                (-1, FinalNormBias) => Direct("gpt_neox.final_layer_norm.bias", h),
                (-1, Head) => Direct("embed_out.weight", c.VocabSize, h),
                (_, Part.AttentionNormWeight) => Direct(l + "input_layernorm.weight", h),
                (_, Part.AttentionNormBias) => Direct(l + "input_layernorm.bias", h),
                (_, Part.Qkv) => Qkv(l + "attention.query_key_value.weight", 3 * h, h),
                (_, Part.QkvBias) => Qkv(l + "attention.query_key_value.bias", 3 * h),
                (_, Part.Output) => Direct(l + "attention.dense.weight", h, h),
                (_, Part.OutputBias) => Direct(l + "attention.dense.bias", h),
                (_, Part.MlpNormWeight) => Direct(l + "post_attention_layernorm.weight", h),
                (_, Part.MlpNormBias) => Direct(l + "post_attention_layernorm.bias", h),
                (_, Part.Up) => Direct(l + "mlp.dense_h_to_4h.weight", inner, h),
                (_, Part.UpBias) => Direct(l + "mlp.dense_h_to_4h.bias", inner),
                (_, Part.Down) => Direct(l + "mlp.dense_4h_to_h.weight", h, inner),
                (_, Part.DownBias) => Direct(l + "mlp.dense_4h_to_h.bias", h),
                _ => throw Unmapped(name),
            };
        });
    }
}
