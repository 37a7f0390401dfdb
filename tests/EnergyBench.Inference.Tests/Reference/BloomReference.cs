using static EnergyBench.Inference.Tests.Reference.ReferenceMath;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// bloom: the embedding followed by word_embeddings_layernorm, no position embedding but ALiBi (slope_h times the key's
/// position, added unscaled after q.k / sqrt(head_dim)), q|k|v interleaved per head, a 4 x hidden tanh-GELU MLP,
/// head tied to word_embeddings.
/// </summary>
public sealed class BloomReference(ReferenceConfig config, string directory, NaiveChoices naive)
    : ReferenceDecoder(config, directory, "transformer.", naive)
{
    private readonly int _layers = config.Int("n_layer", "num_hidden_layers");
    private readonly int _hidden = config.Int("hidden_size", "n_embed");
    private readonly int _heads = config.Int("n_head", "num_attention_heads");
    private readonly double _epsilon = config.DoubleOr(1e-5, "layer_norm_epsilon");
    private readonly bool _residualAfterNorm = config.BoolOr(false, "apply_residual_connection_post_layernorm");
    private readonly bool _tied = config.BoolOr(true, "tie_word_embeddings");

    public override double[] LastLogits(IReadOnlyList<int> ids)
    {
        int headDim = _hidden / _heads;
        double scale = 1 / Math.Sqrt(headDim);
        double[] slopes = Naive.AlibiSlopesOfNextPowerOfTwo ? NextPowerOfTwoSlopes(_heads) : AlibiSlopes(_heads);
        double biasScale = Naive.AlibiScaled ? scale : 1;
        var x = ids.Select(id => Row("word_embeddings.weight", id)).ToArray();
        if (!Naive.NoEmbeddingNorm)
            x = x.Select(row => LayerNorm(row, "word_embeddings_layernorm", _epsilon)).ToArray();
        for (int layer = 0; layer < _layers; layer++)
        {
            string p = $"h.{layer}.";
            var normalized = x.Select(row => LayerNorm(row, p + "input_layernorm", _epsilon)).ToArray();
            var qkv = normalized.Select(row => SplitPerHead(Linear(row, p + "self_attention.query_key_value"), _heads, headDim)).ToArray();
            var attended = CausalAttention(qkv.Select(r => r.Q).ToArray(), qkv.Select(r => r.K).ToArray(), qkv.Select(r => r.V).ToArray(),
                _heads, headDim, scale, h => h, (h, key) => biasScale * slopes[h] * key);
            for (int t = 0; t < x.Length; t++)
            {
                var y = Add(_residualAfterNorm ? normalized[t] : x[t], Linear(attended[t], p + "self_attention.dense"));
                var mlpInput = LayerNorm(y, p + "post_attention_layernorm", _epsilon);
                var inner = Apply(Linear(mlpInput, p + "mlp.dense_h_to_4h"), GeluTanh);
                x[t] = Add(_residualAfterNorm ? mlpInput : y, Linear(inner, p + "mlp.dense_4h_to_h"));
            }
        }
        return Logits(LayerNorm(x[^1], "ln_f", _epsilon), _tied, "word_embeddings.weight", "lm_head");
    }

    /// <summary>
    /// For p, the largest power of two not above the head count: (2^(-8/p))^k for k = 1..p, then for the remaining
    /// heads (2^(-8/2p))^k for k = 1, 3, 5, ...
    /// </summary>
    public static double[] AlibiSlopes(int heads)
    {
        int p = 1;
        while (2 * p <= heads)
            p *= 2;
        var slopes = Enumerable.Range(1, p).Select(k => Math.Pow(2, -8.0 * k / p));
        var extra = Enumerable.Range(0, heads - p).Select(i => Math.Pow(2, -8.0 * (2 * i + 1) / (2 * p)));
        return slopes.Concat(extra).ToArray();
    }

    /// <summary>The naive slopes: those of the next power of two, cut to the head count.</summary>
    private static double[] NextPowerOfTwoSlopes(int heads)
    {
        int p = 1;
        while (p < heads)
            p *= 2;
        return Enumerable.Range(1, heads).Select(k => Math.Pow(2, -8.0 * k / p)).ToArray();
    }
}
