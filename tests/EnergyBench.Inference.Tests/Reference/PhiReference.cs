using static EnergyBench.Inference.Tests.Reference.ReferenceMath;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// phi: one LayerNorm per block feeding attention and MLP in parallel, <c>x + attn(ln x) + mlp(ln x)</c>; q/k/v
/// projections with biases; rotate_half on the first int(head_dim * partial_rotary_factor) dims with frequencies over
/// those dims; a plain GELU MLP (fc1, fc2); an untied head with a bias.
/// </summary>
public sealed class PhiReference(ReferenceConfig config, string directory, NaiveChoices naive)
    : ReferenceDecoder(config, directory, "model.", naive)
{
    private readonly int _layers = config.Int("num_hidden_layers");
    private readonly int _hidden = config.Int("hidden_size");
    private readonly int _heads = config.Int("num_attention_heads");
    private readonly int _kvHeads = config.IntOr(config.Int("num_attention_heads"), "num_key_value_heads");
    private readonly double _rotaryFraction = config.DoubleOr(config.RopeParameter("partial_rotary_factor") ?? 0.5, "partial_rotary_factor");
    private readonly double _epsilon = config.DoubleOr(1e-5, "layer_norm_eps");
    private readonly Func<double, double> _activation = Activation(config.String("hidden_act") ?? "gelu_new");
    private readonly bool _tied = config.BoolOr(false, "tie_word_embeddings");

    public override double[] LastLogits(IReadOnlyList<int> ids)
    {
        int headDim = _hidden / _heads;
        var rotary = RotaryOver((int)(headDim * _rotaryFraction), headDim, RotaryBase());
        var x = ids.Select(id => Row("embed_tokens.weight", id)).ToArray();
        for (int layer = 0; layer < _layers; layer++)
        {
            string p = $"layers.{layer}.";
            var normalized = x.Select(row => LayerNorm(row, p + "input_layernorm", _epsilon)).ToArray();
            var q = normalized.Select(row => Linear(row, p + "self_attn.q_proj")).ToArray();
            var k = normalized.Select(row => Linear(row, p + "self_attn.k_proj")).ToArray();
            var v = normalized.Select(row => Linear(row, p + "self_attn.v_proj")).ToArray();
            for (int t = 0; t < x.Length; t++)
            {
                rotary.Apply(q[t], _heads, headDim, t);
                rotary.Apply(k[t], _kvHeads, headDim, t);
            }
            var attended = CausalAttention(q, k, v, _heads, headDim, 1 / Math.Sqrt(headDim), KvHeadOf(_heads, _kvHeads));
            for (int t = 0; t < x.Length; t++)
            {
                var attention = Linear(attended[t], p + "self_attn.dense");
                var mlpInput = Naive.SequentialResidual ? LayerNorm(Add(x[t], attention), p + "input_layernorm", _epsilon) : normalized[t];
                x[t] = Add(x[t], attention, Linear(Apply(Linear(mlpInput, p + "mlp.fc1"), _activation), p + "mlp.fc2"));
            }
        }
        return Logits(LayerNorm(x[^1], "final_layernorm", _epsilon), _tied, "embed_tokens.weight", "lm_head", headBias: true);
    }
}
