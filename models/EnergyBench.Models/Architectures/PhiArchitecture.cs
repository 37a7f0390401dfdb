using System.Text.Json.Nodes;
using EnergyBench.Models.Weights;
using static EnergyBench.Models.Weights.CanonicalWeights;

namespace EnergyBench.Models.Architectures;

/// <summary>
/// phi (Phi-2): one LayerNorm feeding attention and MLP in parallel, rotary positions on the first
/// <c>int(head_dim * partial_rotary_factor)</c> dims, biases everywhere including the untied head's. The older
/// <c>phi-msft</c> custom-code layout is a different model type.
/// </summary>
public sealed class PhiArchitecture : Architecture
{
    public override string ModelType => "phi";
    public override string BasePrefix => "model.";

    public override ArchitectureConfig Read(ConfigJson json)
    {
        RequireNoRopeScaling(json);
        json.RequireDefault("qk_layernorm", false);
        int hidden = json.Int("hidden_size"), heads = json.Int("num_attention_heads");
        if (hidden % heads != 0)
            throw json.Error($"hidden_size ({hidden}) is not divisible by num_attention_heads ({heads})");
        int headDim = hidden / heads;
        return new ArchitectureConfig
        {
            ModelType = ModelType,
            Layers = json.Int("num_hidden_layers"),
            Hidden = hidden,
            Heads = heads,
            KvHeads = json.OptionalInt("num_key_value_heads") ?? heads,
            HeadDim = headDim,
            Inner = json.Int("intermediate_size"),
            VocabSize = json.Int("vocab_size"),
            MaxPositions = json.Int("max_position_embeddings"),
            Norm = NormKind.LayerNorm,
            NormEpsilon = json.OptionalDouble("layer_norm_eps") ?? 1e-5,
            Positions = PositionKind.Rotary,
            RotaryDims = RotaryDims(headDim, RotaryFraction(json, 0.5)),
            RotaryBase = RopeBase(json, 10000),
            Activation = ParseActivation(json, json.String("hidden_act") ?? "gelu_new"),
            Residual = ResidualKind.ParallelSharedNorm,
            TiedHead = json.OptionalBool("tie_word_embeddings") ?? false,
            HeadBias = true,
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            BosTokenId = json.TokenId("bos_token_id"),
            EosTokenId = json.TokenId("eos_token_id"),
        };
    }

    public override JsonObject Write(ArchitectureConfig c) => new()
    {
        ["architectures"] = new JsonArray("PhiForCausalLM"),
        ["model_type"] = ModelType,
        ["hidden_act"] = ActivationName(c.Activation),
        ["hidden_size"] = c.Hidden,
        ["intermediate_size"] = c.Inner,
        ["num_attention_heads"] = c.Heads,
        ["num_key_value_heads"] = c.KvHeads,
        ["num_hidden_layers"] = c.Layers,
        ["max_position_embeddings"] = c.MaxPositions,
        ["partial_rotary_factor"] = (double)c.RotaryDims / c.HeadDim,
        ["rope_theta"] = c.RotaryBase,
        ["rope_scaling"] = null,
        ["layer_norm_eps"] = c.NormEpsilon,
        ["qk_layernorm"] = false,
        ["resid_pdrop"] = 0.0,
        ["embd_pdrop"] = 0.0,
        ["attention_dropout"] = 0.0,
        ["vocab_size"] = c.VocabSize,
        ["bos_token_id"] = c.BosTokenId,
        ["eos_token_id"] = c.EosTokenId,
        ["tie_word_embeddings"] = c.TiedHead,
        ["torch_dtype"] = "float32",
    };

    public override IReadOnlyDictionary<string, WeightSource> Sources(ArchitectureConfig c)
    {
        long h = c.Hidden, inner = c.Inner, q = c.QueryWidth, kv = c.KvWidth;
        return Map(c, name =>
        {
            var (layer, part) = Split(name);
            string l = $"model.layers.{layer}.";
            return (layer, part) switch
            {
                (-1, Embedding) => Direct("model.embed_tokens.weight", c.VocabSize, h),
                (-1, FinalNormWeight) => Direct("model.final_layernorm.weight", h),
                (-1, FinalNormBias) => Direct("model.final_layernorm.bias", h),
                (-1, Head) => Direct("lm_head.weight", c.VocabSize, h),
                (-1, HeadBias) => Direct("lm_head.bias", c.VocabSize),
                (_, Part.AttentionNormWeight) => Direct(l + "input_layernorm.weight", h),
                (_, Part.AttentionNormBias) => Direct(l + "input_layernorm.bias", h),
                (_, Part.Qkv) => new WeightSource.Stacked([
                    new(l + "self_attn.q_proj.weight", [q, h]), new(l + "self_attn.k_proj.weight", [kv, h]), new(l + "self_attn.v_proj.weight", [kv, h])]),
                (_, Part.QkvBias) => new WeightSource.Stacked([
                    new(l + "self_attn.q_proj.bias", [q]), new(l + "self_attn.k_proj.bias", [kv]), new(l + "self_attn.v_proj.bias", [kv])]),
                (_, Part.Output) => Direct(l + "self_attn.dense.weight", h, q),
                (_, Part.OutputBias) => Direct(l + "self_attn.dense.bias", h),
                (_, Part.Up) => Direct(l + "mlp.fc1.weight", inner, h),
                (_, Part.UpBias) => Direct(l + "mlp.fc1.bias", inner),
                (_, Part.Down) => Direct(l + "mlp.fc2.weight", h, inner),
                (_, Part.DownBias) => Direct(l + "mlp.fc2.bias", h),
                _ => throw Unmapped(name),
            };
        });
    }
}
