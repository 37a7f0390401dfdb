using EnergyBench.Models.Gpt2;

namespace EnergyBench.Models.Onnx;

/// <summary>The nodes of the GPT-2 decoder graph; see <see cref="Gpt2OnnxExporter"/>.</summary>
internal sealed class Gpt2GraphBuilder(OnnxGraph g, Gpt2Checkpoint checkpoint)
{
    private const string Batch = "batch_size", Sequence = "sequence_length", Past = "past_sequence_length",
        Total = "past_sequence_length + sequence_length";

    private readonly Gpt2Config _c = checkpoint.Config;
    private readonly Dictionary<string, TensorSpec> _specs = Gpt2Tensors.For(checkpoint.Config).ToDictionary(s => s.Name);

    public void Build()
    {
        long heads = _c.NHead, headDim = _c.HeadDim, d = _c.NEmbd;
        g.Input(OptimumNames.InputIds, OnnxType.Int64, Batch, Sequence);
        g.Input(OptimumNames.AttentionMask, OnnxType.Int64, Batch, Total);
        g.Input(OptimumNames.PositionIds, OnnxType.Int64, Batch, Sequence);
        for (int i = 0; i < _c.NLayer; i++)
        {
            g.Input(OptimumNames.PastKey(i), OnnxType.Float, Batch, heads, Past, headDim);
            g.Input(OptimumNames.PastValue(i), OnnxType.Float, Batch, heads, Past, headDim);
        }
        g.Output(OptimumNames.Logits, OnnxType.Float, Batch, Sequence, _c.VocabSize);
        for (int i = 0; i < _c.NLayer; i++)
        {
            g.Output(OptimumNames.PresentKey(i), OnnxType.Float, Batch, heads, Total, headDim);
            g.Output(OptimumNames.PresentValue(i), OnnxType.Float, Batch, heads, Total, headDim);
        }

        var wte = checkpoint.ReadFloat32(Gpt2Tensors.Prefix + "wte.weight");
        string tokens = g.Node("Gather", [g.Initializer("wte", [_c.VocabSize, d], wte), OptimumNames.InputIds], attributes: OnnxAttribute.Of("axis", 0L));
        string positions = g.Node("Gather", [Weight("wpe.weight"), OptimumNames.PositionIds], attributes: OnnxAttribute.Of("axis", 0L));
        string hidden = g.Node("Add", [tokens, positions]);

        string allowed = AttentionMask();
        g.Initializer("split_qkv", [3], [d, d, d]);
        g.Initializer("heads_shape", [4], [0, 0, heads, headDim]);
        g.Initializer("hidden_shape", [3], [0, 0, d]);
        g.Initializer("attention_scale", [], [(float)(1.0 / Math.Sqrt(headDim))]);
        g.Initializer("mask_value", [], [float.MinValue]);
        for (int i = 0; i < _c.NLayer; i++)
            hidden = Block(i, hidden, allowed);

        string normalized = LayerNorm(hidden, "ln_f");
        // The output head is tied to wte; a transposed copy makes it one plain MatMul.
        var wteT = new float[wte.Length];
        for (int v = 0; v < _c.VocabSize; v++)
            for (int j = 0; j < d; j++)
                wteT[j * _c.VocabSize + v] = wte[v * d + j];
        g.Node("MatMul", [normalized, g.Initializer("lm_head.weight.T", [d, _c.VocabSize], wteT)], [OptimumNames.Logits]);
    }

    /// <summary>bool [batch, 1, seq, total]: key j is visible to query i when j &lt;= past + i and attention_mask[j] is 1.</summary>
    private string AttentionMask()
    {
        g.Initializer("zero", [], [0L]);
        g.Initializer("one", [], [1L]);
        g.Initializer("axes_0", [1], [0L]);
        g.Initializer("axes_1", [1], [1L]);
        g.Initializer("axes_1_2", [2], [1L, 2L]);
        string sequence = g.Node("Shape", [OptimumNames.InputIds], attributes: [OnnxAttribute.Of("start", 1L), OnnxAttribute.Of("end", 2L)]);
        string total = g.Node("Shape", [OptimumNames.AttentionMask], attributes: [OnnxAttribute.Of("start", 1L), OnnxAttribute.Of("end", 2L)]);
        string totalScalar = g.Node("Squeeze", [total]);
        string pastScalar = g.Node("Squeeze", [g.Node("Sub", [total, sequence])]);
        string queryPositions = g.Node("Range", [pastScalar, totalScalar, "one"]);
        string keyPositions = g.Node("Range", ["zero", totalScalar, "one"]);
        string causal = g.Node("LessOrEqual", [g.Node("Unsqueeze", [keyPositions, "axes_0"]), g.Node("Unsqueeze", [queryPositions, "axes_1"])]);
        string padding = g.Node("Unsqueeze", [g.Node("Cast", [OptimumNames.AttentionMask], attributes: OnnxAttribute.Of("to", (long)OnnxType.Bool)), "axes_1_2"]);
        return g.Node("And", [causal, padding]);
    }

    private string Block(int i, string hidden, string allowed)
    {
        string prefix = $"h.{i}.";
        string qkv = Linear(LayerNorm(hidden, prefix + "ln_1"), prefix + "attn.c_attn");
        string[] parts = [$"q_{i}", $"k_{i}", $"v_{i}"];
        g.Node("Split", [qkv, "split_qkv"], parts, OnnxAttribute.Of("axis", 2L));
        string q = Heads(parts[0]);
        string key = g.Node("Concat", [OptimumNames.PastKey(i), Heads(parts[1])], [OptimumNames.PresentKey(i)], OnnxAttribute.Of("axis", 2L));
        string value = g.Node("Concat", [OptimumNames.PastValue(i), Heads(parts[2])], [OptimumNames.PresentValue(i)], OnnxAttribute.Of("axis", 2L));

        string keyT = g.Node("Transpose", [key], attributes: OnnxAttribute.Of("perm", 0L, 1L, 3L, 2L));
        string scores = g.Node("Mul", [g.Node("MatMul", [q, keyT]), "attention_scale"]);
        string masked = g.Node("Where", [allowed, scores, "mask_value"]);
        string probabilities = g.Node("Softmax", [masked], attributes: OnnxAttribute.Of("axis", -1L));
        string context = g.Node("MatMul", [probabilities, value]);
        string merged = g.Node("Reshape", [g.Node("Transpose", [context], attributes: OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L)), "hidden_shape"]);
        hidden = g.Node("Add", [hidden, Linear(merged, prefix + "attn.c_proj")]);

        string inner = g.Node("Gelu", [Linear(LayerNorm(hidden, prefix + "ln_2"), prefix + "mlp.c_fc")],
            attributes: OnnxAttribute.Of("approximate", "tanh"));
        return g.Node("Add", [hidden, Linear(inner, prefix + "mlp.c_proj")]);
    }

    /// <summary>[batch, seq, d] -> [batch, heads, seq, head_dim].</summary>
    private string Heads(string x) =>
        g.Node("Transpose", [g.Node("Reshape", [x, "heads_shape"])], attributes: OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L));

    /// <summary>HF Conv1D: weight [in, out], so y = x @ W + b.</summary>
    private string Linear(string x, string name) => g.Node("Add", [g.Node("MatMul", [x, Weight(name + ".weight")]), Weight(name + ".bias")]);

    private string LayerNorm(string x, string name) =>
        g.Node("LayerNormalization", [x, Weight(name + ".weight"), Weight(name + ".bias")],
            attributes: [OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", (float)_c.LayerNormEpsilon)]);

    private string Weight(string name)
    {
        var spec = _specs[Gpt2Tensors.Prefix + name];
        return g.Initializer(name, spec.Shape, checkpoint.ReadFloat32(spec.Name));
    }
}
