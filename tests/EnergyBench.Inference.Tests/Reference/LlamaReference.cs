using static EnergyBench.Inference.Tests.Reference.ReferenceMath;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// llama: RMSNorm, separate q/k/v/o projections, rotate_half rotary over the whole head dim, grouped-query attention
/// (query head h reads KV head h / group size, as repeat_kv does), the gated MLP <c>down(act(gate x) * up x)</c>, an
/// untied head. <see cref="GemmaReference"/> changes the parts marked virtual.
/// </summary>
public class LlamaReference(ReferenceConfig config, string directory, NaiveChoices naive)
    : ReferenceDecoder(config, directory, "model.", naive)
{
    private readonly int _layers = config.Int("num_hidden_layers");
    private readonly int _hidden = config.Int("hidden_size");
    private readonly int _heads = config.Int("num_attention_heads");
    private readonly int _kvHeads = config.IntOr(config.Int("num_attention_heads"), "num_key_value_heads");
    private readonly bool _attentionBias = config.BoolOr(false, "attention_bias");
    private readonly bool _mlpBias = config.BoolOr(false, "mlp_bias");

    protected virtual int HeadDim => Config.IntOr(_hidden / _heads, "head_dim");
    protected virtual double Epsilon => Config.DoubleOr(1e-6, "rms_norm_eps");
    protected virtual Func<double, double> MlpActivation => Activation(Config.String("hidden_act") ?? "silu");
    protected virtual bool Tied => Config.BoolOr(false, "tie_word_embeddings");

    /// <summary>What the token embedding is multiplied by before the blocks.</summary>
    protected virtual double EmbeddingScale => 1;

    /// <summary>What the tied head's logits are multiplied by.</summary>
    protected virtual double HeadScale => 1;

    /// <summary>The factor a stored RMSNorm weight stands for.</summary>
    protected virtual double NormFactor(double stored) => stored;

    public override double[] LastLogits(IReadOnlyList<int> ids)
    {
        int headDim = HeadDim;
        double epsilon = Epsilon, embeddingScale = EmbeddingScale;
        var activation = MlpActivation;
        var rotary = RotaryOver(headDim, headDim, RotaryBase());
        var kvHeadOf = KvHeadOf(_heads, _kvHeads);
        var x = ids.Select(id => Row("embed_tokens.weight", id).Select(v => v * embeddingScale).ToArray()).ToArray();
        for (int layer = 0; layer < _layers; layer++)
        {
            string p = $"layers.{layer}.";
            var normalized = x.Select(row => Norm(row, p + "input_layernorm", epsilon)).ToArray();
            var q = normalized.Select(row => Linear(row, p + "self_attn.q_proj", _attentionBias)).ToArray();
            var k = normalized.Select(row => Linear(row, p + "self_attn.k_proj", _attentionBias)).ToArray();
            var v = normalized.Select(row => Linear(row, p + "self_attn.v_proj", _attentionBias)).ToArray();
            for (int t = 0; t < x.Length; t++)
            {
                rotary.Apply(q[t], _heads, headDim, t);
                rotary.Apply(k[t], _kvHeads, headDim, t);
            }
            var attended = CausalAttention(q, k, v, _heads, headDim, 1 / Math.Sqrt(headDim), kvHeadOf);
            for (int t = 0; t < x.Length; t++)
            {
                x[t] = Add(x[t], Linear(attended[t], p + "self_attn.o_proj", _attentionBias));
                var m = Norm(x[t], p + "post_attention_layernorm", epsilon);
                var gated = Multiply(Apply(Linear(m, p + "mlp.gate_proj", _mlpBias), activation), Linear(m, p + "mlp.up_proj", _mlpBias));
                x[t] = Add(x[t], Linear(gated, p + "mlp.down_proj", _mlpBias));
            }
        }
        return Logits(Norm(x[^1], "norm", epsilon), Tied, "embed_tokens.weight", "lm_head", headScale: Tied ? HeadScale : 1);
    }

    private double[] Norm(double[] x, string name, double epsilon) =>
        RmsNorm(x, Weight(name + ".weight").Select(NormFactor).ToArray(), epsilon);
}

/// <summary>
/// gemma: llama with head_dim from config (default 256), RMSNorm as <c>norm(x) * (1 + w)</c>, the embedding multiplied
/// by sqrt(hidden) rounded to the model dtype (fp32 here) while the tied head uses it unscaled, and tanh GELU in the
/// gated MLP (hidden_activation; when it is null transformers uses gelu_pytorch_tanh whatever hidden_act says).
/// </summary>
public sealed class GemmaReference(ReferenceConfig config, string directory, NaiveChoices naive)
    : LlamaReference(config, directory, naive)
{
    private readonly double _normalizer = (float)Math.Sqrt(config.Int("hidden_size"));

    protected override int HeadDim => Config.IntOr(256, "head_dim");
    protected override Func<double, double> MlpActivation => Activation(Config.String("hidden_activation") ?? "gelu_pytorch_tanh");
    protected override bool Tied => Config.BoolOr(true, "tie_word_embeddings");
    protected override double EmbeddingScale => Naive.NoEmbeddingScale ? 1 : _normalizer;
    protected override double HeadScale => Naive.HeadWithScaledEmbedding ? EmbeddingScale : 1;
    protected override double NormFactor(double stored) => Naive.NormWeightWithoutOne ? stored : 1 + stored;
}
