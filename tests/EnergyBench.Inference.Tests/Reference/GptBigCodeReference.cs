using static EnergyBench.Inference.Tests.Reference.ReferenceMath;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// gpt_bigcode: GPT-2's block with nn.Linear weights [out, in]. With multi_query, c_attn's rows are
/// [Q (hidden) | K (head_dim) | V (head_dim)] and every query head reads the one K and V head; without it they are
/// interleaved per head.
/// </summary>
public sealed class GptBigCodeReference(ReferenceConfig config, string directory, NaiveChoices naive)
    : ReferenceDecoder(config, directory, "transformer.", naive)
{
    private readonly int _layers = config.Int("n_layer", "num_hidden_layers");
    private readonly int _hidden = config.Int("n_embd", "hidden_size");
    private readonly int _heads = config.Int("n_head", "num_attention_heads");
    private readonly bool _multiQuery = config.BoolOr(true, "multi_query");
    private readonly double _epsilon = config.DoubleOr(1e-5, "layer_norm_epsilon");
    private readonly Func<double, double> _activation = Activation(config.String("activation_function") ?? "gelu_pytorch_tanh");
    private readonly bool _scaleByHeadDim = config.BoolOr(true, "scale_attn_weights");
    private readonly bool _tied = config.BoolOr(true, "tie_word_embeddings");

    public override double[] LastLogits(IReadOnlyList<int> ids)
    {
        int headDim = _hidden / _heads;
        var x = ids.Select((id, t) => Add(Row("wte.weight", id), Row("wpe.weight", t))).ToArray();
        for (int layer = 0; layer < _layers; layer++)
        {
            string p = $"h.{layer}.";
            var qkv = x.Select(row => Project(LayerNorm(row, p + "ln_1", _epsilon), p + "attn.c_attn"))
                .Select(fused => _multiQuery ? SplitBlocks(fused, _hidden, headDim) : SplitPerHead(fused, _heads, headDim)).ToArray();
            var attended = CausalAttention(qkv.Select(r => r.Q).ToArray(), qkv.Select(r => r.K).ToArray(), qkv.Select(r => r.V).ToArray(),
                _heads, headDim, _scaleByHeadDim ? 1 / Math.Sqrt(headDim) : 1, _multiQuery ? _ => 0 : h => h);
            for (int t = 0; t < x.Length; t++)
            {
                x[t] = Add(x[t], Project(attended[t], p + "attn.c_proj"));
                var inner = Apply(Project(LayerNorm(x[t], p + "ln_2", _epsilon), p + "mlp.c_fc"), _activation);
                x[t] = Add(x[t], Project(inner, p + "mlp.c_proj"));
            }
        }
        return Logits(LayerNorm(x[^1], "ln_f", _epsilon), _tied, "wte.weight", "lm_head");
    }

    private double[] Project(double[] x, string name) => Naive.LinearAsConv1D
        ? MatVec(x, Weight(name + ".weight"), inputMajor: true, Weight(name + ".bias"))
        : Linear(x, name);
}
