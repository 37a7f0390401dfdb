using static EnergyBench.Inference.Tests.Reference.ReferenceMath;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// gpt2: token plus learned position embedding, pre-LayerNorm blocks with a sequential residual, Conv1D weights
/// [in, out] with q|k|v as column blocks, scores scaled by 1/sqrt(head_dim) and, with
/// scale_attn_by_inverse_layer_idx (codeparrot), also by 1/(layer + 1); head tied to wte by default.
/// </summary>
public sealed class Gpt2Reference(ReferenceConfig config, string directory, NaiveChoices naive)
    : ReferenceDecoder(config, directory, "transformer.", naive)
{
    private readonly int _layers = config.Int("n_layer", "num_hidden_layers");
    private readonly int _hidden = config.Int("n_embd", "hidden_size");
    private readonly int _heads = config.Int("n_head", "num_attention_heads");
    private readonly double _epsilon = config.DoubleOr(1e-5, "layer_norm_epsilon");
    private readonly Func<double, double> _activation = Activation(config.String("activation_function") ?? "gelu_new");
    private readonly bool _scaleByHeadDim = config.BoolOr(true, "scale_attn_weights");
    private readonly bool _inverseLayer = config.BoolOr(false, "scale_attn_by_inverse_layer_idx") && !naive.NoInverseLayerScaling;
    private readonly bool _tied = config.BoolOr(true, "tie_word_embeddings");

    public override double[] LastLogits(IReadOnlyList<int> ids)
    {
        int headDim = _hidden / _heads;
        var x = ids.Select((id, t) => Add(Row("wte.weight", id), Row("wpe.weight", t))).ToArray();
        for (int layer = 0; layer < _layers; layer++)
        {
            string p = $"h.{layer}.";
            var qkv = x.Select(row => SplitBlocks(Conv1D(LayerNorm(row, p + "ln_1", _epsilon), p + "attn.c_attn"), _hidden, _hidden)).ToArray();
            double scale = (_scaleByHeadDim ? 1 / Math.Sqrt(headDim) : 1) / (_inverseLayer ? layer + 1 : 1);
            var attended = CausalAttention(qkv.Select(r => r.Q).ToArray(), qkv.Select(r => r.K).ToArray(), qkv.Select(r => r.V).ToArray(),
                _heads, headDim, scale, h => h);
            for (int t = 0; t < x.Length; t++)
            {
                x[t] = Add(x[t], Conv1D(attended[t], p + "attn.c_proj"));
                var inner = Apply(Conv1D(LayerNorm(x[t], p + "ln_2", _epsilon), p + "mlp.c_fc"), _activation);
                x[t] = Add(x[t], Conv1D(inner, p + "mlp.c_proj"));
            }
        }
        return Logits(LayerNorm(x[^1], "ln_f", _epsilon), _tied, "wte.weight", "lm_head");
    }
}
