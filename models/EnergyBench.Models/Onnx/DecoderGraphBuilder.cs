using EnergyBench.Models.Architectures;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;
using static EnergyBench.Models.Weights.CanonicalWeights;

namespace EnergyBench.Models.Onnx;

/// <summary>
/// The nodes of a decoder graph for any <see cref="ArchitectureConfig"/>, from its canonical weights; see
/// <see cref="DecoderOnnxExporter"/>. Standard operators only: RMSNorm is decomposed, rotary positions are built from
/// Cos/Sin/Slice/Concat, ALiBi is an additive bias, and grouped or multi-query attention regroups the query heads
/// onto their KV head instead of copying KV heads.
/// </summary>
internal sealed class DecoderGraphBuilder(OnnxGraph g, Checkpoint checkpoint, bool positionIds)
{
    private const string Batch = "batch_size", Sequence = "sequence_length", Past = "past_sequence_length",
        Total = "past_sequence_length + sequence_length";

    private readonly ArchitectureConfig _c = checkpoint.Config;
    private readonly Dictionary<string, TensorSpec> _specs = CanonicalWeights.For(checkpoint.Config).ToDictionary(s => s.Name);

    public void Build()
    {
        var kv = _c.Kv;
        g.Input(OptimumNames.InputIds, OnnxType.Int64, Batch, Sequence);
        g.Input(OptimumNames.AttentionMask, OnnxType.Int64, Batch, Total);
        if (positionIds)
            g.Input(OptimumNames.PositionIds, OnnxType.Int64, Batch, Sequence);
        for (int i = 0; i < _c.Layers; i++)
        {
            g.Input(OptimumNames.PastKey(i), OnnxType.Float, Batch, kv.KvHeads, Past, kv.HeadDim);
            g.Input(OptimumNames.PastValue(i), OnnxType.Float, Batch, kv.KvHeads, Past, kv.HeadDim);
        }
        g.Output(OptimumNames.Logits, OnnxType.Float, Batch, Sequence, _c.VocabSize);
        for (int i = 0; i < _c.Layers; i++)
        {
            g.Output(OptimumNames.PresentKey(i), OnnxType.Float, Batch, kv.KvHeads, Total, kv.HeadDim);
            g.Output(OptimumNames.PresentValue(i), OnnxType.Float, Batch, kv.KvHeads, Total, kv.HeadDim);
        }
        Constants();

        var embedding = checkpoint.Read(Embedding);
        string hidden = g.Node("Gather", [g.Initializer(Embedding, [_c.VocabSize, _c.Hidden], embedding), OptimumNames.InputIds],
            attributes: OnnxAttribute.Of("axis", 0L));
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
        // The head as [hidden, vocab], so the logits are one plain MatMul; a tied head reuses the embedding's values.
        float[] head = _c.TiedHead ? embedding : checkpoint.Read(CanonicalWeights.Head);
        string logits = g.Node("MatMul", [normalized, g.Initializer("head.weight.T", [_c.Hidden, _c.VocabSize], Transpose(head, _c.VocabSize, _c.Hidden))],
            _c.HeadBias ? null : [OptimumNames.Logits]);
        if (_c.HeadBias)
            g.Node("Add", [logits, Weight(CanonicalWeights.HeadBias)], [OptimumNames.Logits]);
    }

    private void Constants()
    {
        g.Initializer("zero", [], [0L]);
        g.Initializer("one", [], [1L]);
        g.Initializer("axes_0", [1], [0L]);
        g.Initializer("axes_1", [1], [1L]);
        g.Initializer("axes_last", [1], [-1L]);
        g.Initializer("axes_1_2", [2], [1L, 2L]);
        g.Initializer("split_qkv", [3], [_c.QueryWidth, _c.KvWidth, _c.KvWidth]);
        g.Initializer("hidden_shape", [3], [0, 0, _c.QueryWidth]);
        g.Initializer("mask_value", [], [float.MinValue]);
    }

    /// <summary>
    /// The new tokens' positions [batch, seq] (position_ids, or past .. total - 1 without it) and every key's position
    /// [total] (0 .. total - 1), as int64.
    /// </summary>
    private (string Query, string Key) Positions()
    {
        string sequence = g.Node("Shape", [OptimumNames.InputIds], attributes: [OnnxAttribute.Of("start", 1L), OnnxAttribute.Of("end", 2L)]);
        string total = g.Node("Shape", [OptimumNames.AttentionMask], attributes: [OnnxAttribute.Of("start", 1L), OnnxAttribute.Of("end", 2L)]);
        string totalScalar = g.Node("Squeeze", [total]);
        string pastScalar = g.Node("Squeeze", [g.Node("Sub", [total, sequence])]);
        _queryRange = g.Node("Range", [pastScalar, totalScalar, "one"]);
        _keyRange = g.Node("Range", ["zero", totalScalar, "one"]);
        string query = positionIds ? OptimumNames.PositionIds : g.Node("Unsqueeze", [_queryRange, "axes_0"]);
        return (query, _keyRange);
    }

    private string _queryRange = "", _keyRange = "";

    /// <summary>bool [batch, 1, seq, total]: key j is visible to query i when j &lt;= past + i and attention_mask[j] is 1.</summary>
    private string AttentionMask()
    {
        string causal = g.Node("LessOrEqual", [g.Node("Unsqueeze", [_keyRange, "axes_0"]), g.Node("Unsqueeze", [_queryRange, "axes_1"])]);
        string padding = g.Node("Unsqueeze", [g.Node("Cast", [OptimumNames.AttentionMask], attributes: OnnxAttribute.Of("to", (long)OnnxType.Bool)), "axes_1_2"]);
        return g.Node("And", [causal, padding]);
    }

    /// <summary>cos and sin [batch, 1, seq, rotary dims] of the new positions: cat(freqs, freqs) as rotate_half wants.</summary>
    private (string Cos, string Sin) Rotary(string positions)
    {
        var inverse = _c.RotaryInverseFrequencies().Select(f => (float)f).ToArray();
        string angles = g.Node("Mul", [
            g.Node("Unsqueeze", [g.Node("Cast", [positions], attributes: OnnxAttribute.Of("to", (long)OnnxType.Float)), "axes_last"]),
            g.Initializer("rotary_inv_freq", [inverse.Length], inverse)]);
        string both = g.Node("Unsqueeze", [g.Node("Concat", [angles, angles], attributes: OnnxAttribute.Of("axis", -1L)), "axes_1"]);
        int half = _c.RotaryDims / 2;
        g.Initializer("rotary_starts", [1], [0L]);
        g.Initializer("rotary_mid", [1], [(long)half]);
        g.Initializer("rotary_ends", [1], [(long)_c.RotaryDims]);
        g.Initializer("head_dim_end", [1], [(long)_c.HeadDim]);
        return (g.Node("Cos", [both]), g.Node("Sin", [both]));
    }

    /// <summary>rotate_half on the first rotary dims of [batch, heads, seq, head_dim]; the rest passes through.</summary>
    private string Rotate(string x, (string Cos, string Sin) rotary)
    {
        bool partial = _c.RotaryDims < _c.HeadDim;
        string rotated = partial ? Slice(x, "rotary_starts", "rotary_ends") : x;
        string first = Slice(rotated, "rotary_starts", "rotary_mid"), second = Slice(rotated, "rotary_mid", "rotary_ends");
        string half = g.Node("Concat", [g.Node("Neg", [second]), first], attributes: OnnxAttribute.Of("axis", -1L));
        string result = g.Node("Add", [g.Node("Mul", [rotated, rotary.Cos]), g.Node("Mul", [half, rotary.Sin])]);
        return partial
            ? g.Node("Concat", [result, Slice(x, "rotary_ends", "head_dim_end")], attributes: OnnxAttribute.Of("axis", -1L))
            : result;
    }

    private string Slice(string x, string start, string end) => g.Node("Slice", [x, start, end, "axes_last"]);

    /// <summary>ALiBi [1, heads, 1, total]: slope_h times the key's position, added to the scaled scores.</summary>
    private string Alibi(string keyPositions)
    {
        var slopes = _c.AlibiSlopes().Select(s => (float)s).ToArray();
        string keys = g.Node("Cast", [keyPositions], attributes: OnnxAttribute.Of("to", (long)OnnxType.Float));
        return g.Node("Mul", [g.Initializer("alibi_slopes", [1, _c.Heads, 1, 1], slopes), keys]);
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
        string[] parts = [$"q_{i}", $"k_{i}", $"v_{i}"];
        g.Node("Split", [qkv, "split_qkv"], parts, OnnxAttribute.Of("axis", 2L));
        string q = Heads(parts[0], _c.Heads, $"q_heads_{i}");
        string k = Heads(parts[1], _c.KvHeads, $"kv_heads_{i}");
        if (_c.Positions == PositionKind.Rotary)
        {
            q = Rotate(q, rotary);
            k = Rotate(k, rotary);
        }
        string key = g.Node("Concat", [OptimumNames.PastKey(i), k], [OptimumNames.PresentKey(i)], OnnxAttribute.Of("axis", 2L));
        string value = g.Node("Concat", [OptimumNames.PastValue(i), Heads(parts[2], _c.KvHeads, $"kv_heads_{i}")], [OptimumNames.PresentValue(i)], OnnxAttribute.Of("axis", 2L));

        // Grouped heads: [b, heads, s, d] -> [b, kv heads, group * s, d], so each KV head meets its group's queries.
        bool grouped = _c.KvHeads != _c.Heads;
        if (grouped)
            q = g.Node("Reshape", [q, g.Initializer($"grouped_q_{i}", [4], [0L, _c.KvHeads, -1, _c.HeadDim])]);
        string keyT = g.Node("Transpose", [key], attributes: OnnxAttribute.Of("perm", 0L, 1L, 3L, 2L));
        string scores = g.Node("Mul", [g.Node("MatMul", [q, keyT]), Scalar($"attention_scale_{i}", _c.AttentionScale(i))]);
        if (grouped)
            scores = g.Node("Reshape", [scores, g.Initializer($"scores_heads_{i}", [4], [0L, _c.Heads, -1, 0])]);
        if (alibi is not null)
            scores = g.Node("Add", [scores, alibi]);
        string masked = g.Node("Where", [allowed, scores, "mask_value"]);
        string probabilities = g.Node("Softmax", [masked], attributes: OnnxAttribute.Of("axis", -1L));
        if (grouped)
            probabilities = g.Node("Reshape", [probabilities, g.Initializer($"grouped_p_{i}", [4], [0L, _c.KvHeads, -1, 0])]);
        string context = g.Node("MatMul", [probabilities, value]);
        if (grouped)
            context = g.Node("Reshape", [context, g.Initializer($"context_heads_{i}", [4], [0L, _c.Heads, -1, _c.HeadDim])]);
        string merged = g.Node("Reshape", [g.Node("Transpose", [context], attributes: OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L)), "hidden_shape"]);
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
    private string Heads(string x, int heads, string shapeName)
    {
        if (!_shapes.Contains(shapeName))
        {
            g.Initializer(shapeName, [4], [0L, 0L, heads, _c.HeadDim]);
            _shapes.Add(shapeName);
        }
        return g.Node("Transpose", [g.Node("Reshape", [x, shapeName])], attributes: OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L));
    }

    private readonly HashSet<string> _shapes = [];

    /// <summary>y = x W^T + b with the canonical [out, in] weight stored transposed, so it is one MatMul.</summary>
    private string Linear(string x, string weight, string? bias)
    {
        var spec = _specs[weight];
        long outputs = spec.Shape[0], inputs = spec.Shape[1];
        string product = g.Node("MatMul", [x, g.Initializer(weight + ".T", [inputs, outputs], Transpose(checkpoint.Read(weight), (int)outputs, (int)inputs))]);
        return bias is null ? product : g.Node("Add", [product, Weight(bias)]);
    }

    private string Norm(string x, string weight, string bias) => _c.Norm == NormKind.LayerNorm
        ? g.Node("LayerNormalization", [x, Weight(weight), Weight(bias)],
            attributes: [OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", (float)_c.NormEpsilon)])
        : RmsNorm(x, weight);

    /// <summary>x / sqrt(mean(x^2) + eps) * w, decomposed (RMSNormalization is opset 23).</summary>
    private string RmsNorm(string x, string weight)
    {
        string meanSquare = g.Node("ReduceMean", [g.Node("Mul", [x, x]), "axes_last"], attributes: OnnxAttribute.Of("keepdims", 1L));
        string root = g.Node("Sqrt", [g.Node("Add", [meanSquare, Scalar("norm_epsilon", _c.NormEpsilon)])]);
        return g.Node("Mul", [g.Node("Div", [x, root]), Weight(weight)]);
    }

    private readonly HashSet<string> _scalars = [];

    private string Scalar(string name, double value)
    {
        if (_scalars.Add(name))
            g.Initializer(name, [], [(float)value]);
        return name;
    }

    private string Weight(string name)
    {
        var spec = _specs[name];
        return g.Initializer(name, spec.Shape, checkpoint.Read(name));
    }

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var transposed = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                transposed[c * rows + r] = matrix[r * columns + c];
        return transposed;
    }
}
