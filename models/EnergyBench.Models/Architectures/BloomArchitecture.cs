using System.Text.Json.Nodes;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;
using static EnergyBench.Models.Weights.CanonicalWeights;

namespace EnergyBench.Models.Architectures;

/// <summary>
/// bloom (BLOOM, BLOOMZ): ALiBi instead of positions, a LayerNorm after the embedding, q|k|v interleaved per head, an
/// MLP of exactly 4 x hidden with tanh GELU, head tied to word_embeddings. The original checkpoints lack the
/// <c>transformer.</c> prefix.
/// </summary>
public sealed class BloomArchitecture : Architecture
{
    /// <summary>BLOOM's training length; its config has no positions key, and ALiBi itself sets no limit.</summary>
    public const int DefaultMaxPositions = 2048;

    public override string ModelType => "bloom";
    public override string BasePrefix => "transformer.";

    public override ArchitectureConfig Read(ConfigJson json)
    {
        json.RequireDefault("apply_residual_connection_post_layernorm", false);
        int hidden = json.Int("hidden_size", "n_embed"), heads = json.Int("n_head", "num_attention_heads");
        if (hidden % heads != 0)
            throw json.Error($"hidden_size ({hidden}) is not divisible by n_head ({heads})");
        return new ArchitectureConfig
        {
            ModelType = ModelType,
            Layers = json.Int("n_layer", "num_hidden_layers"),
            Hidden = hidden,
            Heads = heads,
            KvHeads = heads,
            HeadDim = hidden / heads,
            Inner = 4 * hidden,
            VocabSize = json.Int("vocab_size"),
            MaxPositions = json.OptionalInt("seq_length", "max_position_embeddings") ?? DefaultMaxPositions,
            Norm = NormKind.LayerNorm,
            NormEpsilon = json.OptionalDouble("layer_norm_epsilon") ?? 1e-5,
            Positions = PositionKind.Alibi,
            Activation = Activation.GeluTanh,
            EmbeddingNorm = true,
            TiedHead = json.OptionalBool("tie_word_embeddings") ?? true,
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            BosTokenId = json.TokenId("bos_token_id"),
            EosTokenId = json.TokenId("eos_token_id"),
        };
    }

    public override JsonObject Write(ArchitectureConfig c) => new()
    {
        ["architectures"] = new JsonArray("BloomForCausalLM"),
        ["model_type"] = ModelType,
        ["hidden_size"] = c.Hidden,
        ["n_layer"] = c.Layers,
        ["n_head"] = c.Heads,
        ["layer_norm_epsilon"] = c.NormEpsilon,
        ["apply_residual_connection_post_layernorm"] = false,
        ["seq_length"] = c.MaxPositions,
        ["vocab_size"] = c.VocabSize,
        ["bos_token_id"] = c.BosTokenId,
        ["eos_token_id"] = c.EosTokenId,
        ["torch_dtype"] = "float32",
    };

    public override IReadOnlyDictionary<string, WeightSource> Sources(ArchitectureConfig c)
    {
        long h = c.Hidden, inner = c.Inner;
        WeightSource Qkv(string name, params long[] shape) => new WeightSource.PerHeadQkv(new TensorSpec(name, shape), c.Heads, c.HeadDim);
        return Map(c, name =>
        {
            var (layer, part) = Split(name);
            string l = $"transformer.h.{layer}.";
            return (layer, part) switch
            {
                (-1, Embedding) => Direct("transformer.word_embeddings.weight", c.VocabSize, h),
                (-1, EmbeddingNormWeight) => Direct("transformer.word_embeddings_layernorm.weight", h),
                (-1, EmbeddingNormBias) => Direct("transformer.word_embeddings_layernorm.bias", h),
                (-1, FinalNormWeight) => Direct("transformer.ln_f.weight", h),
                (-1, FinalNormBias) => Direct("transformer.ln_f.bias", h),
                (-1, Head) => Direct("lm_head.weight", c.VocabSize, h),
                (_, Part.AttentionNormWeight) => Direct(l + "input_layernorm.weight", h),
                (_, Part.AttentionNormBias) => Direct(l + "input_layernorm.bias", h),
                (_, Part.Qkv) => Qkv(l + "self_attention.query_key_value.weight", 3 * h, h),
                (_, Part.QkvBias) => Qkv(l + "self_attention.query_key_value.bias", 3 * h),
                (_, Part.Output) => Direct(l + "self_attention.dense.weight", h, h),
                (_, Part.OutputBias) => Direct(l + "self_attention.dense.bias", h),
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
