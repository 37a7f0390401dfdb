namespace EnergyBench.Models.Onnx;

/// <summary>
/// The KV cache inside one decoder graph (or If branch): reads the past inputs in any <see cref="KvCacheFormat"/>,
/// appends each layer's new keys and values, and writes the presents in the same format. Attention sees keys and
/// values as [batch, kv heads, length, head dim] whatever the format.
/// </summary>
internal sealed class KvCacheNodes(OnnxGraph g, KvCacheLayout layout, bool readsPast, string outputPrefix)
{
    private int HeadDim => layout.Kv.HeadDim;
    private int KvHeads => layout.Kv.KvHeads;

    /// <summary>
    /// The whole key and value of layer <paramref name="layer"/> (past then <paramref name="key"/>/<paramref name="value"/>,
    /// [batch, kv heads, new tokens, head dim]), after writing them as the layer's presents.
    /// </summary>
    public (string Key, string Value) Append(int layer, string key, string value)
    {
        var tensors = layout.Layer(layer);
        return layout.Format switch
        {
            KvCacheFormat.FusedKeyValue => AppendFused(tensors[0], key, value),
            KvCacheFormat.BloomRank3 => AppendBloom(tensors[0], tensors[1], key, value),
            _ => (Join(Past(tensors[0]), key, Output(tensors[0])), Join(Past(tensors[1]), value, Output(tensors[1]))),
        };
    }

    private string? Past(CacheTensor tensor) => readsPast ? tensor.Past : null;

    private string Output(CacheTensor tensor) => outputPrefix + tensor.Present;

    /// <summary>The past, if any, then the new positions along the length axis, named <paramref name="name"/> when given.</summary>
    private string Join(string? past, string current, string? name = null)
    {
        string[]? outputs = name is null ? null : [name];
        if (past is null)
            return name is null ? current : g.Node("Identity", [current], outputs);
        return g.Node("Concat", [past, current], outputs, OnnxAttribute.Of("axis", 2L));
    }

    /// <summary>K and V side by side on the last axis; with one KV head the heads axis is left out (rank 3).</summary>
    private (string, string) AppendFused(CacheTensor tensor, string key, string value)
    {
        bool rank3 = tensor.Axes.Count == 3;
        string? pastKey = null, pastValue = null;
        if (Past(tensor) is { } past)
        {
            var parts = g.NodeWithOutputs("Split", [past, g.Constant("split_key_value", [2], HeadDim, HeadDim)], 2, OnnxAttribute.Of("axis", -1L));
            (pastKey, pastValue) = rank3
                ? (g.Node("Unsqueeze", [parts[0], Axes1]), g.Node("Unsqueeze", [parts[1], Axes1]))
                : (parts[0], parts[1]);
        }
        key = Join(pastKey, key);
        value = Join(pastValue, value);
        string fused = g.Node("Concat", [key, value], rank3 ? null : [Output(tensor)], OnnxAttribute.Of("axis", -1L));
        if (rank3)
            g.Node("Squeeze", [fused, Axes1], [Output(tensor)]);
        return (key, value);
    }

    /// <summary>Key [batch kv heads, head dim, length] and value [batch kv heads, length, head dim].</summary>
    private (string, string) AppendBloom(CacheTensor keyTensor, CacheTensor valueTensor, string key, string value)
    {
        string? pastKey = null, pastValue = null;
        if (readsPast)
        {
            pastKey = Transpose(SplitHeads(keyTensor.Past));
            pastValue = SplitHeads(valueTensor.Past);
        }
        key = Join(pastKey, key);
        value = Join(pastValue, value);
        MergeHeads(Transpose(key), Output(keyTensor));
        MergeHeads(value, Output(valueTensor));
        return (key, value);
    }

    private string Axes1 => g.Constant("axes_1", [1], 1L);

    /// <summary>[batch kv heads, a, b] -> [batch, kv heads, a, b].</summary>
    private string SplitHeads(string x)
    {
        string batch = g.Node("Div", [Shape(x, 0, 1), g.Constant("kv_head_count", [1], KvHeads)]);
        return Reshape(x, g.Node("Concat", [batch, g.Constant("kv_head_count", [1], KvHeads), Shape(x, 1)], attributes: OnnxAttribute.Of("axis", 0L)));
    }

    /// <summary>[batch, kv heads, a, b] -> [batch kv heads, a, b], named <paramref name="name"/>.</summary>
    private void MergeHeads(string x, string name)
    {
        string batchHeads = g.Node("Mul", [Shape(x, 0, 1), Shape(x, 1, 2)]);
        Reshape(x, g.Node("Concat", [batchHeads, Shape(x, 2)], attributes: OnnxAttribute.Of("axis", 0L)), name);
    }

    private string Shape(string x, long start, long? end = null) => g.Node("Shape", [x], attributes: end is { } e
        ? [OnnxAttribute.Of("start", start), OnnxAttribute.Of("end", e)]
        : [OnnxAttribute.Of("start", start)]);

    /// <summary>A reshape to sizes all given, where 0 is a size (the first step's past has length 0), not "keep".</summary>
    private string Reshape(string x, string shape, string? name = null) =>
        g.Node("Reshape", [x, shape], name is null ? null : [name], OnnxAttribute.Of("allowzero", 1L));

    /// <summary>Swaps the last two axes of a rank-4 tensor.</summary>
    private string Transpose(string x) => g.Node("Transpose", [x], attributes: OnnxAttribute.Of("perm", 0L, 1L, 3L, 2L));
}
