using System.Text.Json.Nodes;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;
using static EnergyBench.Models.Weights.CanonicalWeights;

namespace EnergyBench.Models.Architectures;

/// <summary>
/// gpt2 (GPT2LMHeadModel, codeparrot): learned positions, pre-LayerNorm, Conv1D weights stored [in, out] with q|k|v as
/// column blocks, tanh GELU, head tied to wte. codeparrot sets <c>scale_attn_by_inverse_layer_idx</c>.
/// </summary>
public sealed class Gpt2Architecture : Architecture
{
    public override string ModelType => "gpt2";
    public override string BasePrefix => "transformer.";

    public override ArchitectureConfig Read(ConfigJson json)
    {
        json.RequireDefault("scale_attn_weights", true);
        json.RequireDefault("add_cross_attention", false);
        int hidden = json.Int("n_embd", "hidden_size"), heads = json.Int("n_head", "num_attention_heads");
        if (hidden % heads != 0)
            throw json.Error($"n_embd ({hidden}) is not divisible by n_head ({heads})");
        return new ArchitectureConfig
        {
            ModelType = ModelType,
            Layers = json.Int("n_layer", "num_hidden_layers"),
            Hidden = hidden,
            Heads = heads,
            KvHeads = heads,
            HeadDim = hidden / heads,
            Inner = json.OptionalInt("n_inner") ?? 4 * hidden,
            VocabSize = json.Int("vocab_size"),
            MaxPositions = json.Int("n_positions", "max_position_embeddings", "n_ctx"),
            Norm = NormKind.LayerNorm,
            NormEpsilon = json.OptionalDouble("layer_norm_epsilon") ?? 1e-5,
            Positions = PositionKind.Learned,
            Activation = ParseActivation(json, json.String("activation_function") ?? "gelu_new"),
            TiedHead = json.OptionalBool("tie_word_embeddings") ?? true,
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            // reorder_and_upcast_attn only computes the same scores in fp32.
            ScaleAttentionByInverseLayer = json.OptionalBool("scale_attn_by_inverse_layer_idx") ?? false,
            BosTokenId = json.TokenId("bos_token_id"),
            EosTokenId = json.TokenId("eos_token_id"),
        };
    }

    public override JsonObject Write(ArchitectureConfig c) => new()
    {
        ["architectures"] = new JsonArray("GPT2LMHeadModel"),
        ["model_type"] = ModelType,
        ["activation_function"] = ActivationName(c.Activation),
        ["n_layer"] = c.Layers,
        ["n_head"] = c.Heads,
        ["n_embd"] = c.Hidden,
        ["n_inner"] = c.Inner,
        ["n_positions"] = c.MaxPositions,
        ["n_ctx"] = c.MaxPositions,
        ["vocab_size"] = c.VocabSize,
        ["layer_norm_epsilon"] = c.NormEpsilon,
        ["bos_token_id"] = c.BosTokenId,
        ["eos_token_id"] = c.EosTokenId,
        ["attn_pdrop"] = 0.0,
        ["embd_pdrop"] = 0.0,
        ["resid_pdrop"] = 0.0,
        ["scale_attn_weights"] = true,
        ["scale_attn_by_inverse_layer_idx"] = c.ScaleAttentionByInverseLayer,
        ["reorder_and_upcast_attn"] = c.ScaleAttentionByInverseLayer,
        ["tie_word_embeddings"] = c.TiedHead,
        ["torch_dtype"] = "float32",
    };

    public override IReadOnlyDictionary<string, WeightSource> Sources(ArchitectureConfig c)
    {
        long h = c.Hidden, inner = c.Inner;
        return Map(c, name =>
        {
            var (layer, part) = Split(name);
            string l = $"transformer.h.{layer}.";
            return (layer, part) switch
            {
                (-1, Embedding) => Direct("transformer.wte.weight", c.VocabSize, h),
                (-1, PositionEmbedding) => Direct("transformer.wpe.weight", c.MaxPositions, h),
                (-1, FinalNormWeight) => Direct("transformer.ln_f.weight", h),
                (-1, FinalNormBias) => Direct("transformer.ln_f.bias", h),
                (-1, Head) => Direct("lm_head.weight", c.VocabSize, h),
                (_, Part.AttentionNormWeight) => Direct(l + "ln_1.weight", h),
                (_, Part.AttentionNormBias) => Direct(l + "ln_1.bias", h),
                (_, Part.Qkv) => Conv1D(l + "attn.c_attn.weight", h, 3 * h),
                (_, Part.QkvBias) => Direct(l + "attn.c_attn.bias", 3 * h),
                (_, Part.Output) => Conv1D(l + "attn.c_proj.weight", h, h),
                (_, Part.OutputBias) => Direct(l + "attn.c_proj.bias", h),
                (_, Part.MlpNormWeight) => Direct(l + "ln_2.weight", h),
                (_, Part.MlpNormBias) => Direct(l + "ln_2.bias", h),
                (_, Part.Up) => Conv1D(l + "mlp.c_fc.weight", h, inner),
                (_, Part.UpBias) => Direct(l + "mlp.c_fc.bias", inner),
                (_, Part.Down) => Conv1D(l + "mlp.c_proj.weight", inner, h),
                (_, Part.DownBias) => Direct(l + "mlp.c_proj.bias", h),
                _ => throw Unmapped(name),
            };
        });
    }

    private static WeightSource Conv1D(string name, long inputs, long outputs) => new WeightSource.Transposed(new TensorSpec(name, [inputs, outputs]));
}
