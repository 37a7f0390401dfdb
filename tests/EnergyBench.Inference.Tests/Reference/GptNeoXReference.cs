using static EnergyBench.Inference.Tests.Reference.ReferenceMath;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// gpt_neox: q|k|v interleaved per head (<c>view(heads, 3 * head_dim)</c>), rotate_half on the first
/// int(head_dim * rotary_pct) dims with frequencies over those dims, scores scaled by 1/sqrt(head_dim), the parallel
/// residual <c>x + attn(ln1 x) + mlp(ln2 x)</c>, exact GELU, an untied head (embed_out).
/// </summary>
public sealed class GptNeoXReference(ReferenceConfig config, string directory, NaiveChoices naive)
    : ReferenceDecoder(config, directory, "gpt_neox.", naive)
{
    private readonly int _layers = config.Int("num_hidden_layers");
    private readonly int _hidden = config.Int("hidden_size");
    private readonly int _heads = config.Int("num_attention_heads");
    private readonly double _rotaryFraction = config.DoubleOr(config.RopeParameter("partial_rotary_factor") ?? 0.25, "rotary_pct", "partial_rotary_factor");
    private readonly double _epsilon = config.DoubleOr(1e-5, "layer_norm_eps");
    private readonly bool _parallel = config.BoolOr(true, "use_parallel_residual") && !naive.SequentialResidual;
    private readonly bool _attentionBias = config.BoolOr(true, "attention_bias");
    private readonly Func<double, double> _activation = Activation(config.String("hidden_act") ?? "gelu");
    private readonly bool _tied = config.BoolOr(false, "tie_word_embeddings");

    public override double[] LastLogits(IReadOnlyList<int> ids)
    {
        int headDim = _hidden / _heads;
        var rotary = RotaryOver((int)(headDim * _rotaryFraction), headDim, RotaryBase());
        var x = ids.Select(id => Row("embed_in.weight", id)).ToArray();
        for (int layer = 0; layer < _layers; layer++)
        {
            string p = $"layers.{layer}.";
            var qkv = x.Select(row => SplitPerHead(Linear(LayerNorm(row, p + "input_layernorm", _epsilon), p + "attention.query_key_value", _attentionBias), _heads, headDim)).ToArray();
            for (int t = 0; t < x.Length; t++)
            {
                rotary.Apply(qkv[t].Q, _heads, headDim, t);
                rotary.Apply(qkv[t].K, _heads, headDim, t);
            }
            var attended = CausalAttention(qkv.Select(r => r.Q).ToArray(), qkv.Select(r => r.K).ToArray(), qkv.Select(r => r.V).ToArray(),
                _heads, headDim, 1 / Math.Sqrt(headDim), h => h);
            for (int t = 0; t < x.Length; t++)
            {
                var attention = Linear(attended[t], p + "attention.dense", _attentionBias);
                var mlpInput = _parallel ? x[t] : Add(x[t], attention);
                x[t] = Add(x[t], attention, Mlp(LayerNorm(mlpInput, p + "post_attention_layernorm", _epsilon), p));
            }
        }
        return Logits(LayerNorm(x[^1], "final_layer_norm", _epsilon), _tied, "embed_in.weight", "embed_out");
    }

    private double[] Mlp(double[] x, string p) =>
        Linear(Apply(Linear(x, p + "mlp.dense_h_to_4h"), _activation), p + "mlp.dense_4h_to_h");
}
