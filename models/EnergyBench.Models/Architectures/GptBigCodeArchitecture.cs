using System.Text.Json.Nodes;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;
using static EnergyBench.Models.Weights.CanonicalWeights;

namespace EnergyBench.Models.Architectures;

/// <summary>
/// gpt_bigcode (StarCoder, tiny_starcoder_py): GPT-2's block with nn.Linear weights [out, in] and multi-query
/// attention, one K and one V head whose rows follow Q's in c_attn: <c>[Q (hidden) | K (head_dim) | V (head_dim)]</c>.
/// Without multi_query c_attn is interleaved per head like GPT-NeoX.
/// </summary>
public sealed class GptBigCodeArchitecture : Architecture
{
    public override string ModelType => "gpt_bigcode";
    public override string BasePrefix => "transformer.";

    public override ArchitectureConfig Read(ConfigJson json)
    {
        json.RequireDefault("scale_attn_weights", true);
        int hidden = json.Int("n_embd", "hidden_size"), heads = json.Int("n_head", "num_attention_heads");
        if (hidden % heads != 0)
            throw json.Error($"n_embd ({hidden}) is not divisible by n_head ({heads})");
        bool multiQuery = json.OptionalBool("multi_query") ?? true;
        return new ArchitectureConfig
        {
            ModelType = ModelType,
            Layers = json.Int("n_layer", "num_hidden_layers"),
            Hidden = hidden,
            Heads = heads,
            KvHeads = multiQuery ? 1 : heads,
            HeadDim = hidden / heads,
            Inner = json.OptionalInt("n_inner") ?? 4 * hidden,
            VocabSize = json.Int("vocab_size"),
            MaxPositions = json.Int("n_positions", "max_position_embeddings"),
            Norm = NormKind.LayerNorm,
            NormEpsilon = json.OptionalDouble("layer_norm_epsilon") ?? 1e-5,
            Positions = PositionKind.Learned,
            Activation = ParseActivation(json, json.String("activation_function") ?? "gelu_pytorch_tanh"),
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
        ["architectures"] = new JsonArray("GPTBigCodeForCausalLM"),
        ["model_type"] = ModelType,
        ["activation_function"] = c.Activation == Activation.GeluTanh ? "gelu_pytorch_tanh" : ActivationName(c.Activation),
        ["n_layer"] = c.Layers,
        ["n_head"] = c.Heads,
        ["n_embd"] = c.Hidden,
        ["n_inner"] = c.Inner,
        ["n_positions"] = c.MaxPositions,
        ["vocab_size"] = c.VocabSize,
        ["layer_norm_epsilon"] = c.NormEpsilon,
        ["multi_query"] = c.KvHeads == 1,
        ["scale_attn_weights"] = true,
        ["attention_softmax_in_fp32"] = true,
        ["scale_attention_softmax_in_fp32"] = true,
        ["bos_token_id"] = c.BosTokenId,
        ["eos_token_id"] = c.EosTokenId,
        ["tie_word_embeddings"] = c.TiedHead,
        ["torch_dtype"] = "float32",
    };

    public override IReadOnlyDictionary<string, WeightSource> Sources(ArchitectureConfig c)
    {
        long h = c.Hidden, inner = c.Inner, qkv = c.QueryWidth + 2 * c.KvWidth;
        bool multiQuery = c.KvHeads == 1 && c.Heads > 1;
        WeightSource Fused(string name, params long[] shape) =>
            multiQuery ? new WeightSource.Direct(new TensorSpec(name, shape)) : new WeightSource.PerHeadQkv(new TensorSpec(name, shape), c.Heads, c.HeadDim);
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
                (_, Part.Qkv) => Fused(l + "attn.c_attn.weight", qkv, h),
                (_, Part.QkvBias) => Fused(l + "attn.c_attn.bias", qkv),
                (_, Part.Output) => Direct(l + "attn.c_proj.weight", h, h),
                (_, Part.OutputBias) => Direct(l + "attn.c_proj.bias", h),
                (_, Part.MlpNormWeight) => Direct(l + "ln_2.weight", h),
                (_, Part.MlpNormBias) => Direct(l + "ln_2.bias", h),
                (_, Part.Up) => Direct(l + "mlp.c_fc.weight", inner, h),
                (_, Part.UpBias) => Direct(l + "mlp.c_fc.bias", inner),
                (_, Part.Down) => Direct(l + "mlp.c_proj.weight", h, inner),
                (_, Part.DownBias) => Direct(l + "mlp.c_proj.bias", h),
                _ => throw Unmapped(name),
            };
        });
    }
}
