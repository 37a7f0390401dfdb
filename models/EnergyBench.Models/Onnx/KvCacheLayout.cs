using EnergyBench.Models.Architectures;

namespace EnergyBench.Models.Onnx;

/// <summary>How an export passes the KV cache from one step to the next (names and shapes: <see cref="KvCacheLayout"/>).</summary>
public enum KvCacheFormat
{
    /// <summary><c>past_key_values.{i}.key</c> and <c>.value</c>, [batch, kv heads, length, head dim]: Optimum's export.</summary>
    Standard,

    /// <summary>
    /// One <c>past_key_values.{i}.key_value</c> per layer, K then V along the last axis: [batch, length, 2 head dim]
    /// with one KV head, else [batch, kv heads, length, 2 head dim] (gpt_bigcode exported with transformers before 4.54).
    /// </summary>
    FusedKeyValue,

    /// <summary>
    /// Batch and heads merged, rank 3: key [batch kv heads, head dim, length] and value [batch kv heads, length, head dim]
    /// (bloom exported with transformers before 4.44).
    /// </summary>
    BloomRank3,
}

/// <summary>What one axis of a cache tensor counts.</summary>
public enum CacheAxis { Batch, KvHeads, BatchTimesKvHeads, Length, HeadDim, KeyAndValueDim }

/// <summary>One cache tensor of a layer: the past input, the present output that becomes the next step's past, its axes.</summary>
public sealed record CacheTensor(int Layer, string Past, string Present, IReadOnlyList<CacheAxis> Axes);

/// <summary>
/// The cache tensors of an export in one <see cref="KvCacheFormat"/>: the one description of their names and shapes,
/// which the writer declares and the engines check a model's inputs against and bind.
/// </summary>
public sealed record KvCacheLayout(KvCacheFormat Format, KvLayout Kv)
{
    private static readonly CacheAxis[] StandardAxes = [CacheAxis.Batch, CacheAxis.KvHeads, CacheAxis.Length, CacheAxis.HeadDim];

    /// <summary>Every layer's tensors in layer order, key before value.</summary>
    public IReadOnlyList<CacheTensor> Tensors => [.. Enumerable.Range(0, Kv.Layers).SelectMany(Layer)];

    public IReadOnlyList<CacheTensor> Layer(int i) => Format switch
    {
        KvCacheFormat.FusedKeyValue =>
        [
            new(i, OptimumNames.PastKeyValue(i), OptimumNames.PresentKeyValue(i), Kv.KvHeads == 1
                ? [CacheAxis.Batch, CacheAxis.Length, CacheAxis.KeyAndValueDim]
                : [CacheAxis.Batch, CacheAxis.KvHeads, CacheAxis.Length, CacheAxis.KeyAndValueDim]),
        ],
        KvCacheFormat.BloomRank3 =>
        [
            new(i, OptimumNames.PastKey(i), OptimumNames.PresentKey(i), [CacheAxis.BatchTimesKvHeads, CacheAxis.HeadDim, CacheAxis.Length]),
            new(i, OptimumNames.PastValue(i), OptimumNames.PresentValue(i), [CacheAxis.BatchTimesKvHeads, CacheAxis.Length, CacheAxis.HeadDim]),
        ],
        _ =>
        [
            new(i, OptimumNames.PastKey(i), OptimumNames.PresentKey(i), StandardAxes),
            new(i, OptimumNames.PastValue(i), OptimumNames.PresentValue(i), StandardAxes),
        ],
    };

    /// <summary>The size of <paramref name="axis"/> for <paramref name="rows"/> sequences of <paramref name="length"/> positions.</summary>
    public long Size(CacheAxis axis, long length, long rows = 1) => axis switch
    {
        CacheAxis.Batch => rows,
        CacheAxis.KvHeads => Kv.KvHeads,
        CacheAxis.BatchTimesKvHeads => rows * Kv.KvHeads,
        CacheAxis.Length => length,
        CacheAxis.HeadDim => Kv.HeadDim,
        _ => 2L * Kv.HeadDim,
    };

    /// <summary>Whether the axis has the same size in every step and batch, so a model may declare it as a number.</summary>
    public static bool IsFixed(CacheAxis axis) => axis is CacheAxis.KvHeads or CacheAxis.HeadDim or CacheAxis.KeyAndValueDim;

    /// <summary>The shape of <paramref name="tensor"/> for <paramref name="rows"/> sequences of <paramref name="length"/> positions.</summary>
    public long[] Shape(CacheTensor tensor, long length, long rows = 1) => [.. tensor.Axes.Select(a => Size(a, length, rows))];

    /// <summary>"fused key_value, rank 3" and the like, for settings and messages.</summary>
    public string Description => Format switch
    {
        KvCacheFormat.FusedKeyValue => $"fused key_value cache, rank {Layer(0)[0].Axes.Count}",
        KvCacheFormat.BloomRank3 => "rank-3 key/value cache (bloom)",
        _ => "key/value cache",
    };
}
