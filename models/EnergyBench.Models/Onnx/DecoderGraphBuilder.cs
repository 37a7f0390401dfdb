using EnergyBench.Models.Architectures;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;
using static EnergyBench.Models.Weights.CanonicalWeights;

namespace EnergyBench.Models.Onnx;

/// <summary>
/// The nodes of a decoder for any <see cref="ArchitectureConfig"/>, from its canonical weights, in one graph or If
/// branch whose inputs are declared around it (see <see cref="DecoderOnnxExporter"/>). Standard operators only:
/// RMSNorm is decomposed, rotary positions are built from Cos/Sin/Slice/Concat, ALiBi is an additive bias, and grouped
/// or multi-query attention regroups the query heads onto their KV head instead of copying KV heads. The cache's
/// format is <paramref name="cache"/>'s concern.
/// </summary>
internal sealed class DecoderGraphBuilder(OnnxGraph g, Checkpoint checkpoint, bool positionIds, KvCacheNodes cache, string logitsName)
{
    private readonly ArchitectureConfig _c = checkpoint.Config;
    private readonly Dictionary<string, TensorSpec> _specs = CanonicalWeights.For(checkpoint.Config).ToDictionary(s => s.Name);

    public void Build()
    {
        string hidden = g.Node("Gather", [Weight(Embedding), OptimumNames.InputIds], attributes: OnnxAttribute.Of("axis", 0L));
        if (_c.EmbeddingScale != 1.0)
            hidden = g.Node("Mul", [hidden, Scalar("embedding_scale", _c.EmbeddingScale)]);
        var (queryPositions, keyPositions) = Positions();
        if (_c.Positions == PositionKind.Learned)
            hidden = g.Node("Add", [hidden, g.Node("Gather", [Weight(PositionEmbedding), queryPositions], attributes: OnnxAttribute.Of("axis", 0L))]);
        if (_c.EmbeddingNorm)
            hidden = Norm(hidden, EmbeddingNormWeight, EmbeddingNormBias);

        string allowed = AttentionMask();
        var rotary = _c.Positions == PositionKind.Rotary ? Rotary(queryPositions) : default;
        string? alibi = _c.Positions == PositionKind.Alibi ? Alibi(keyPositions) : null;
        for (int i = 0; i < _c.Layers; i++)
            hidden = Block(i, hidden, allowed, rotary, alibi);

        string normalized = Norm(hidden, FinalNormWeight, FinalNormBias);
        string logits = _c.TiedHead
            ? TiedHead(normalized, _c.HeadBias ? null : logitsName)
            : g.Node("MatMul", [normalized, Head()], _c.HeadBias ? null : [logitsName]);
        if (_c.HeadBias)
            g.Node("Add", [logits, Weight(CanonicalWeights.HeadBias)], [logitsName]);
    }

    /// <summary>The untied head as [hidden, vocab], so the logits are one plain MatMul.</summary>
    private string Head()
    {
        const string name = "head.weight.T";
        if (g.HasInitializer(name))
            return name;
        return g.Initializer(name, [_c.Hidden, _c.VocabSize], Transpose(checkpoint.Read(CanonicalWeights.Head), _c.VocabSize, _c.Hidden));
    }

    /// <summary>
    /// A tied head reads the embedding [vocab, hidden] itself through Gemm(transB=1), so the weights hold it once: a
    /// transposed copy costs its size again (a 256k-token vocabulary, Gemma, is 2 GB of fp32), and a Transpose node
    /// would be folded into that copy by ONNX Runtime. Gemm takes 2-D input: [batch * seq, hidden] and back.
    /// </summary>
    private string TiedHead(string normalized, string? outputName)
    {
        string rows = g.Node("Reshape", [normalized, g.Constant("head_rows", [2], -1L, _c.Hidden)]);
        string logits = g.Node("Gemm", [rows, Weight(Embedding)], attributes: OnnxAttribute.Of("transB", 1L));
        string shape = g.Node("Concat", [g.Node("Shape", [normalized], attributes: OnnxAttribute.Of("end", 2L)), g.Constant("vocab_dim", [1], (long)_c.VocabSize)],
            attributes: OnnxAttribute.Of("axis", 0L));
        return g.Node("Reshape", [logits, shape], outputName is null ? null : [outputName]);
    }

    private string Zero => g.Constant("zero", [], 0L);
    private string One => g.Constant("one", [], 1L);
    private string Axes(string name, params long[] axes) => g.Constant(name, [axes.Length], axes);

    /// <summary>
    /// The new tokens' positions [batch, seq] and, where needed (ALiBi, or no position_ids), every key's position
    /// [batch, total], as int64. Both count the tokens the attention mask keeps, as Hugging Face does for a left-padded
    /// batch (cumsum(mask) - 1, 0 on padding); without padding that is 0 .. total - 1. position_ids, when an input,
    /// gives the new tokens' positions instead.
    /// </summary>
    private (string Query, string Key) Positions()
    {
        string sequence = g.Node("Shape", [OptimumNames.InputIds], attributes: [OnnxAttribute.Of("start", 1L), OnnxAttribute.Of("end", 2L)]);
        string total = g.Node("Shape", [OptimumNames.AttentionMask], attributes: [OnnxAttribute.Of("start", 1L), OnnxAttribute.Of("end", 2L)]);
        string past = g.Node("Sub", [total, sequence]), totalScalar = g.Node("Squeeze", [total]);
        _queryRange = g.Node("Range", [g.Node("Squeeze", [past]), totalScalar, One]);
        _keyRange = g.Node("Range", [Zero, totalScalar, One]);
        if (positionIds && _c.Positions != PositionKind.Alibi)
            return (OptimumNames.PositionIds, "");
        string counted = g.Node("CumSum", [OptimumNames.AttentionMask, One]);
        string keys = g.Node("Mul", [g.Node("Sub", [counted, One]), OptimumNames.AttentionMask]);
        string query = positionIds ? OptimumNames.PositionIds : g.Node("Slice", [keys, past, total, Axes("axes_1", 1)]);
        return (query, keys);
    }

    private string _queryRange = "", _keyRange = "";

    /// <summary>
    /// bool [batch, 1, seq, total]: key j is visible to query i when j &lt;= past + i and attention_mask[j] is 1. A
    /// padding query sees no key; its scores are all the mask value, so its softmax stays finite and is never read.
    /// </summary>
    private string AttentionMask()
    {
        string causal = g.Node("LessOrEqual", [g.Node("Unsqueeze", [_keyRange, Axes("axes_0", 0)]), g.Node("Unsqueeze", [_queryRange, Axes("axes_1", 1)])]);
        string padding = g.Node("Unsqueeze", [g.Node("Cast", [OptimumNames.AttentionMask], attributes: OnnxAttribute.Of("to", (long)OnnxType.Bool)), Axes("axes_1_2", 1, 2)]);
        return g.Node("And", [causal, padding]);
    }

    /// <summary>cos and sin [batch, 1, seq, rotary dims] of the new positions: cat(freqs, freqs) as rotate_half wants.</summary>
    private (string Cos, string Sin) Rotary(string positions)
    {
        var inverse = _c.RotaryInverseFrequencies().Select(f => (float)f).ToArray();
        string angles = g.Node("Mul", [
            g.Node("Unsqueeze", [g.Node("Cast", [positions], attributes: OnnxAttribute.Of("to", (long)OnnxType.Float)), AxesLast]),
            g.Constant("rotary_inv_freq", [inverse.Length], inverse)]);
        string both = g.Node("Unsqueeze", [g.Node("Concat", [angles, angles], attributes: OnnxAttribute.Of("axis", -1L)), Axes("axes_1", 1)]);
        return (g.Node("Cos", [both]), g.Node("Sin", [both]));
    }

    /// <summary>rotate_half on the first rotary dims of [batch, heads, seq, head_dim]; the rest passes through.</summary>
    private string Rotate(string x, (string Cos, string Sin) rotary)
    {
        bool partial = _c.RotaryDims < _c.HeadDim;
        string start = Axes("rotary_start", 0), middle = Axes("rotary_middle", _c.RotaryDims / 2), end = Axes("rotary_end", _c.RotaryDims);
        string rotated = partial ? Slice(x, start, end) : x;
        string first = Slice(rotated, start, middle), second = Slice(rotated, middle, end);
        string half = g.Node("Concat", [g.Node("Neg", [second]), first], attributes: OnnxAttribute.Of("axis", -1L));
        string result = g.Node("Add", [g.Node("Mul", [rotated, rotary.Cos]), g.Node("Mul", [half, rotary.Sin])]);
        return partial
            ? g.Node("Concat", [result, Slice(x, end, Axes("head_dim_end", _c.HeadDim))], attributes: OnnxAttribute.Of("axis", -1L))
            : result;
    }

    private string AxesLast => Axes("axes_last", -1);

    private string Slice(string x, string start, string end) => g.Node("Slice", [x, start, end, AxesLast]);

    /// <summary>ALiBi [batch, heads, 1, total]: slope_h times the key's position, added to the scaled scores.</summary>
    private string Alibi(string keyPositions)
    {
        var slopes = _c.AlibiSlopes().Select(s => (float)s).ToArray();
        string keys = g.Node("Unsqueeze", [g.Node("Cast", [keyPositions], attributes: OnnxAttribute.Of("to", (long)OnnxType.Float)), Axes("axes_1_2", 1, 2)]);
        return g.Node("Mul", [g.Constant("alibi_slopes", [1, _c.Heads, 1, 1], slopes), keys]);
    }

    private string Block(int i, string hidden, string allowed, (string Cos, string Sin) rotary, string? alibi)
    {
        string L(string part) => Layer(i, part);
        string attentionInput = Norm(hidden, L(Part.AttentionNormWeight), L(Part.AttentionNormBias));
        string attention = Attention(i, attentionInput, allowed, rotary, alibi);
        if (_c.Residual == ResidualKind.Sequential)
        {
            hidden = g.Node("Add", [hidden, attention]);
            return g.Node("Add", [hidden, Mlp(i, Norm(hidden, L(Part.MlpNormWeight), L(Part.MlpNormBias)))]);
        }
        string mlpInput = _c.Residual == ResidualKind.ParallelSharedNorm
            ? attentionInput
            : Norm(hidden, L(Part.MlpNormWeight), L(Part.MlpNormBias));
        return g.Node("Add", [g.Node("Add", [hidden, attention]), Mlp(i, mlpInput)]);
    }

    private string Attention(int i, string x, string allowed, (string Cos, string Sin) rotary, string? alibi)
    {
        string qkv = Linear(x, Layer(i, Part.Qkv), _c.QkvBias ? Layer(i, Part.QkvBias) : null);
        string[] parts = g.NodeWithOutputs("Split", [qkv, g.Constant("split_qkv", [3], _c.QueryWidth, _c.KvWidth, _c.KvWidth)], 3, OnnxAttribute.Of("axis", 2L));
        string q = Heads(parts[0], _c.Heads, "q_heads");
        string k = Heads(parts[1], _c.KvHeads, "kv_heads");
        if (_c.Positions == PositionKind.Rotary)
        {
            q = Rotate(q, rotary);
            k = Rotate(k, rotary);
        }
        var (key, value) = cache.Append(i, k, Heads(parts[2], _c.KvHeads, "kv_heads"));

        // Grouped heads: [b, heads, s, d] -> [b, kv heads, group * s, d], so each KV head meets its group's queries.
        bool grouped = _c.KvHeads != _c.Heads;
        if (grouped)
            q = g.Node("Reshape", [q, g.Constant("grouped_q", [4], 0L, _c.KvHeads, -1, _c.HeadDim)]);
        string keyT = g.Node("Transpose", [key], attributes: OnnxAttribute.Of("perm", 0L, 1L, 3L, 2L));
        string scores = g.Node("Mul", [g.Node("MatMul", [q, keyT]), Scalar($"attention_scale_{i}", _c.AttentionScale(i))]);
        if (grouped)
            scores = g.Node("Reshape", [scores, g.Constant("scores_heads", [4], 0L, _c.Heads, -1, 0)]);
        if (alibi is not null)
            scores = g.Node("Add", [scores, alibi]);
        string masked = g.Node("Where", [allowed, scores, g.Constant("mask_value", [], float.MinValue)]);
        string probabilities = g.Node("Softmax", [masked], attributes: OnnxAttribute.Of("axis", -1L));
        if (grouped)
            probabilities = g.Node("Reshape", [probabilities, g.Constant("grouped_p", [4], 0L, _c.KvHeads, -1, 0)]);
        string context = g.Node("MatMul", [probabilities, value]);
        if (grouped)
            context = g.Node("Reshape", [context, g.Constant("context_heads", [4], 0L, _c.Heads, -1, _c.HeadDim)]);
        string merged = g.Node("Reshape", [g.Node("Transpose", [context], attributes: OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L)),
            g.Constant("hidden_shape", [3], 0L, 0L, _c.QueryWidth)]);
        return Linear(merged, Layer(i, Part.Output), _c.OutputBias ? Layer(i, Part.OutputBias) : null);
    }

    private string Mlp(int i, string x)
    {
        string? Bias(string part) => _c.MlpBias ? Layer(i, part) : null;
        string up = Linear(x, Layer(i, Part.Up), Bias(Part.UpBias));
        string inner = _c.GatedMlp
            ? g.Node("Mul", [Activate(Linear(x, Layer(i, Part.Gate), null)), up])
            : Activate(up);
        return Linear(inner, Layer(i, Part.Down), Bias(Part.DownBias));
    }

    private string Activate(string x) => _c.Activation switch
    {
        Activation.GeluTanh => g.Node("Gelu", [x], attributes: OnnxAttribute.Of("approximate", "tanh")),
        Activation.GeluErf => g.Node("Gelu", [x]),
        _ => g.Node("Mul", [x, g.Node("Sigmoid", [x])]),
    };

    /// <summary>[batch, seq, heads * head_dim] -> [batch, heads, seq, head_dim].</summary>
    private string Heads(string x, int heads, string shapeName) =>
        g.Node("Transpose", [g.Node("Reshape", [x, g.Constant(shapeName, [4], 0L, 0L, heads, _c.HeadDim)])], attributes: OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L));

    /// <summary>y = x W^T + b with the canonical [out, in] weight stored transposed, so it is one MatMul.</summary>
    private string Linear(string x, string weight, string? bias)
    {
        var spec = _specs[weight];
        long outputs = spec.Shape[0], inputs = spec.Shape[1];
        string transposed = weight + ".T";
        if (!g.HasInitializer(transposed))
            g.Initializer(transposed, [inputs, outputs], Transpose(checkpoint.Read(weight), (int)outputs, (int)inputs));
        string product = g.Node("MatMul", [x, transposed]);
        return bias is null ? product : g.Node("Add", [product, Weight(bias)]);
    }

    private string Norm(string x, string weight, string bias) => _c.Norm == NormKind.LayerNorm
        ? g.Node("LayerNormalization", [x, Weight(weight), Weight(bias)],
            attributes: [OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", (float)_c.NormEpsilon)])
        : RmsNorm(x, weight);

    /// <summary>x / sqrt(mean(x^2) + eps) * w, decomposed (RMSNormalization is opset 23).</summary>
    private string RmsNorm(string x, string weight)
    {
        string meanSquare = g.Node("ReduceMean", [g.Node("Mul", [x, x]), AxesLast], attributes: OnnxAttribute.Of("keepdims", 1L));
        string root = g.Node("Sqrt", [g.Node("Add", [meanSquare, Scalar("norm_epsilon", _c.NormEpsilon)])]);
        return g.Node("Mul", [g.Node("Div", [x, root]), Weight(weight)]);
    }

    private string Scalar(string name, double value) => g.Constant(name, [], (float)value);

    /// <summary>A weight as stored (norms, biases, embeddings), added once even when two If branches use it.</summary>
    private string Weight(string name) =>
        g.HasInitializer(name) ? name : g.Initializer(name, _specs[name].Shape, checkpoint.Read(name));

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var transposed = new float[matrix.Length];
        WeightSource.Transpose(matrix, rows, columns, transposed);
        return transposed;
    }
}
