namespace EnergyBench.Models.Architectures;

/// <summary>How a block normalises: LayerNorm (weight and bias) or RMSNorm (weight only).</summary>
public enum NormKind
{
    LayerNorm,
    RmsNorm,

    /// <summary>Gemma's RMSNorm, <c>norm(x) * (1 + w)</c>: the stored weight is an offset around 0. Loading adds the 1,
    /// so engines see a plain <see cref="RmsNorm"/> weight.</summary>
    GemmaRmsNorm,
}

/// <summary>How token positions enter the model.</summary>
public enum PositionKind
{
    /// <summary>A learned position embedding added to the token embedding (GPT-2, BigCode).</summary>
    Learned,

    /// <summary>Rotary embedding (rotate_half) on the first <see cref="ArchitectureConfig.RotaryDims"/> dims of q and k.</summary>
    Rotary,

    /// <summary>ALiBi: a per-head linear bias on the scores, added after the q.k scaling (BLOOM).</summary>
    Alibi,
}

public enum Activation
{
    /// <summary>tanh approximation: gelu_new, gelu_pytorch_tanh, BLOOM's gelu, Gemma's hidden_activation.</summary>
    GeluTanh,

    /// <summary>exact erf GELU (gpt_neox "gelu").</summary>
    GeluErf,

    Silu,
}

/// <summary>How attention and MLP join the residual stream.</summary>
public enum ResidualKind
{
    /// <summary><c>y = x + attn(n1 x); y + mlp(n2 y)</c>.</summary>
    Sequential,

    /// <summary><c>x + attn(n x) + mlp(n x)</c> with one norm (Phi).</summary>
    ParallelSharedNorm,

    /// <summary><c>x + attn(n1 x) + mlp(n2 x)</c> (GPT-NeoX with use_parallel_residual).</summary>
    ParallelTwoNorms,
}

/// <summary>
/// One decoder-only architecture, described by its parts: what every engine interprets instead of having code per
/// model type. Read from (and written to) Hugging Face <c>config.json</c> by the <see cref="Architecture"/> of its
/// <see cref="ModelType"/>.
/// </summary>
public sealed record ArchitectureConfig
{
    public required string ModelType { get; init; }
    public required int Layers { get; init; }
    public required int Hidden { get; init; }
    public required int Heads { get; init; }
    public required int KvHeads { get; init; }
    public required int HeadDim { get; init; }
    public required int Inner { get; init; }
    public required int VocabSize { get; init; }

    /// <summary>The longest sequence (prompt and generated tokens) the model takes.</summary>
    public required int MaxPositions { get; init; }

    public required NormKind Norm { get; init; }
    public required double NormEpsilon { get; init; }
    public required PositionKind Positions { get; init; }

    /// <summary>Rotated dims per head (even, at most <see cref="HeadDim"/>); 0 without rotary positions.</summary>
    public int RotaryDims { get; init; }

    public double RotaryBase { get; init; } = 10000;
    public required Activation Activation { get; init; }

    /// <summary>Gated MLP, <c>down(act(gate x) * up x)</c> (SwiGLU, GeGLU); otherwise <c>down(act(up x))</c>.</summary>
    public bool GatedMlp { get; init; }

    public ResidualKind Residual { get; init; } = ResidualKind.Sequential;

    /// <summary>A LayerNorm right after the token embedding (BLOOM).</summary>
    public bool EmbeddingNorm { get; init; }

    /// <summary>Multiplies the token embedding before the blocks (Gemma: sqrt(hidden)); the tied head uses it unscaled.</summary>
    public double EmbeddingScale { get; init; } = 1.0;

    public required bool TiedHead { get; init; }
    public bool HeadBias { get; init; }

    /// <summary>Biases on the q, k, v projections.</summary>
    public bool QkvBias { get; init; }

    /// <summary>Bias on the attention output projection.</summary>
    public bool OutputBias { get; init; }

    /// <summary>Biases on the MLP projections.</summary>
    public bool MlpBias { get; init; }

    /// <summary>GPT-2's <c>scale_attn_by_inverse_layer_idx</c>: scores are also divided by (layer index + 1).</summary>
    public bool ScaleAttentionByInverseLayer { get; init; }

    public int? BosTokenId { get; init; }
    public int? EosTokenId { get; init; }

    public bool NormHasBias => Norm == NormKind.LayerNorm;
    public int QueryWidth => Heads * HeadDim;
    public int KvWidth => KvHeads * HeadDim;

    /// <summary>Query heads that share one KV head (1 for multi-head, <see cref="Heads"/> for multi-query).</summary>
    public int QueriesPerKvHead => Heads / KvHeads;

    public KvLayout Kv => new(Layers, KvHeads, HeadDim);

    /// <summary>The factor on q.k of layer <paramref name="layer"/> (0-based).</summary>
    public double AttentionScale(int layer) =>
        1.0 / Math.Sqrt(HeadDim) / (ScaleAttentionByInverseLayer ? layer + 1 : 1);

    /// <summary>ALiBi slopes per head, as BLOOM computes them, including head counts that are not powers of two.</summary>
    public double[] AlibiSlopes()
    {
        int closest = 1 << (int)Math.Floor(Math.Log2(Heads));
        double Base(int n) => Math.Pow(2, -Math.Pow(2, -(Math.Log2(n) - 3)));
        var slopes = new List<double>();
        for (int k = 1; k <= closest; k++)
            slopes.Add(Math.Pow(Base(closest), k));
        if (closest != Heads)
        {
            double extra = Base(2 * closest);
            for (int k = 1; slopes.Count < Heads; k += 2)
                slopes.Add(Math.Pow(extra, k));
        }
        return [.. slopes];
    }

    /// <summary>inv_freq = base^(-2i/r) for i &lt; r/2, over the rotated dims r, not the head dim.</summary>
    public double[] RotaryInverseFrequencies() =>
        Enumerable.Range(0, RotaryDims / 2).Select(i => Math.Pow(RotaryBase, -2.0 * i / RotaryDims)).ToArray();

    /// <summary>Parameters as the model has them (a tied head counted once), from the canonical weights.</summary>
    public long ParameterCount => Weights.CanonicalWeights.For(this).Sum(w => w.ElementCount);

    /// <summary>Throws with the file's name when the sizes do not make a model.</summary>
    public void Validate(string path)
    {
        void Require(bool condition, string message)
        {
            if (!condition)
                throw new ModelFormatException(path, message);
        }
        Require(Layers > 0 && Hidden > 0 && Heads > 0 && KvHeads > 0 && HeadDim > 0 && Inner > 0 && VocabSize > 0 && MaxPositions > 0,
            "layers, hidden size, heads, KV heads, head dim, MLP size, vocab size and max positions must all be positive");
        Require(Heads % KvHeads == 0, $"{Heads} attention heads cannot share {KvHeads} KV heads evenly");
        Require(Positions != PositionKind.Rotary || (RotaryDims > 0 && RotaryDims % 2 == 0 && RotaryDims <= HeadDim),
            $"rotary dims ({RotaryDims}) must be even and within the head dim ({HeadDim})");
        Require(NormEpsilon > 0, "the norm epsilon must be positive");
    }
}
