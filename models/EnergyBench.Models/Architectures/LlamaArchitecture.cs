using System.Text.Json.Nodes;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;
using static EnergyBench.Models.Weights.CanonicalWeights;

namespace EnergyBench.Models.Architectures;

/// <summary>
/// llama (TinyLlama): RMSNorm, rotary positions over the whole head (rotate_half; HF weights are already permuted for
/// it), grouped-query attention, SwiGLU MLP, separate q/k/v/o projections without biases, untied head.
/// </summary>
public class LlamaArchitecture : Architecture
{
    public override string ModelType => "llama";
    public override string BasePrefix => "model.";

    protected virtual string ClassName => "LlamaForCausalLM";

    public override ArchitectureConfig Read(ConfigJson json)
    {
        RequireNoRopeScaling(json);
        int hidden = json.Int("hidden_size"), heads = json.Int("num_attention_heads");
        int headDim = json.OptionalInt("head_dim") ?? (hidden % heads == 0 ? hidden / heads
            : throw json.Error($"hidden_size ({hidden}) is not divisible by num_attention_heads ({heads}) and head_dim is not given"));
        bool attentionBias = json.OptionalBool("attention_bias") ?? false;
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
            Norm = NormKind.RmsNorm,
            NormEpsilon = json.OptionalDouble("rms_norm_eps") ?? 1e-6,
            Positions = PositionKind.Rotary,
            RotaryDims = RotaryDims(headDim, RotaryFraction(json, 1.0)),
            RotaryBase = RopeBase(json, 10000),
            Activation = ParseActivation(json, json.String("hidden_act") ?? "silu"),
            GatedMlp = true,
            TiedHead = json.OptionalBool("tie_word_embeddings") ?? false,
            QkvBias = attentionBias,
            OutputBias = attentionBias,
            MlpBias = json.OptionalBool("mlp_bias") ?? false,
            BosTokenId = json.TokenId("bos_token_id"),
            EosTokenId = json.TokenId("eos_token_id"),
        };
    }

    public override JsonObject Write(ArchitectureConfig c) => new()
    {
        ["architectures"] = new JsonArray(ClassName),
        ["model_type"] = ModelType,
        ["hidden_act"] = ActivationName(c.Activation),
        ["hidden_size"] = c.Hidden,
        ["intermediate_size"] = c.Inner,
        ["num_attention_heads"] = c.Heads,
        ["num_key_value_heads"] = c.KvHeads,
        ["head_dim"] = c.HeadDim,
        ["num_hidden_layers"] = c.Layers,
        ["max_position_embeddings"] = c.MaxPositions,
        ["rms_norm_eps"] = c.NormEpsilon,
        ["rope_theta"] = c.RotaryBase,
        ["rope_scaling"] = null,
        ["attention_bias"] = c.QkvBias,
        ["mlp_bias"] = c.MlpBias,
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
                (-1, FinalNormWeight) => Norm("model.norm.weight", h),
                (-1, Head) => Direct("lm_head.weight", c.VocabSize, h),
                (_, Part.AttentionNormWeight) => Norm(l + "input_layernorm.weight", h),
                (_, Part.Qkv) => new WeightSource.Stacked([
                    new TensorSpec(l + "self_attn.q_proj.weight", [q, h]),
                    new TensorSpec(l + "self_attn.k_proj.weight", [kv, h]),
                    new TensorSpec(l + "self_attn.v_proj.weight", [kv, h])]),
                (_, Part.QkvBias) => new WeightSource.Stacked([
                    new TensorSpec(l + "self_attn.q_proj.bias", [q]),
                    new TensorSpec(l + "self_attn.k_proj.bias", [kv]),
                    new TensorSpec(l + "self_attn.v_proj.bias", [kv])]),
                (_, Part.Output) => Direct(l + "self_attn.o_proj.weight", h, q),
                (_, Part.OutputBias) => Direct(l + "self_attn.o_proj.bias", h),
                (_, Part.MlpNormWeight) => Norm(l + "post_attention_layernorm.weight", h),
                (_, Part.Gate) => Direct(l + "mlp.gate_proj.weight", inner, h),
                (_, Part.Up) => Direct(l + "mlp.up_proj.weight", inner, h),
                (_, Part.UpBias) => Direct(l + "mlp.up_proj.bias", inner),
                (_, Part.Down) => Direct(l + "mlp.down_proj.weight", h, inner),
                (_, Part.DownBias) => Direct(l + "mlp.down_proj.bias", h),
                _ => throw Unmapped(name),
            };
        });
    }

    /// <summary>An RMSNorm weight as stored.</summary>
    protected virtual WeightSource Norm(string name, long size) => Direct(name, size);
}
