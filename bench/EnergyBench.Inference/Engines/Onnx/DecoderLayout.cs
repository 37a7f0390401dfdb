using EnergyBench.Models;
using EnergyBench.Models.Architectures;
using EnergyBench.Models.Onnx;

namespace EnergyBench.Inference.Engines.Onnx;

/// <summary>An input of a model as its runtime reports it: the name and the dims, -1 where a dim varies; null dims when even the rank is unknown.</summary>
internal sealed record ModelInput(string Name, long[]? Dims);

/// <summary>
/// What an Optimum-style decoder with past takes and gives, read from the model's inputs (names and ranks, never the
/// model type) and checked against config.json: the cache format, whether <c>position_ids</c> and
/// <c>use_cache_branch</c> are inputs. The one place both ONNX engines learn how to feed a model.
/// </summary>
internal sealed record DecoderLayout(KvCacheLayout Cache, int VocabSize, int MaxPositions, bool HasPositionIds, bool HasCacheBranch)
{
    public int Layers => Cache.Kv.Layers;

    /// <summary>The outputs in the order the sessions bind them: logits, then the presents in <see cref="KvCacheLayout.Tensors"/> order.</summary>
    public IReadOnlyList<string> OutputNames => [OptimumNames.Logits, .. Cache.Tensors.Select(t => t.Present)];

    /// <summary>"fused key_value cache, rank 3; use_cache_branch; positions from the mask" and the like.</summary>
    public string Description => string.Join("; ", new[]
    {
        Cache.Description,
        HasCacheBranch ? "merged with " + OptimumNames.UseCacheBranch : null,
        HasPositionIds ? OptimumNames.PositionIds : "positions from the attention mask",
    }.OfType<string>());

    /// <summary>Throws a <see cref="ModelFormatException"/> naming <paramref name="path"/> and what is missing or unknown
    /// when the model is none of the layouts this suite feeds, or does not fit config.json.</summary>
    public static DecoderLayout Read(string path, ArchitectureConfig config, IReadOnlyList<ModelInput> inputs, IReadOnlyList<string> outputs)
    {
        var byName = inputs.ToDictionary(i => i.Name);
        var cache = new KvCacheLayout(CacheFormat(byName), config.Kv);

        string[] required = [OptimumNames.InputIds, OptimumNames.AttentionMask, .. cache.Tensors.Select(t => t.Past)];
        var layout = new DecoderLayout(cache, config.VocabSize, config.MaxPositions,
            byName.ContainsKey(OptimumNames.PositionIds), byName.ContainsKey(OptimumNames.UseCacheBranch));
        var missing = required.Except(byName.Keys).Concat(layout.OutputNames.Except(outputs)).ToList();
        if (missing.Count > 0)
            throw new ModelFormatException(path,
                $"not an Optimum-style decoder with past for this config.json ({config.Layers} layers, {cache.Description}): missing " +
                string.Join(", ", missing.Take(4)) + (missing.Count > 4 ? ", ..." : ""));
        var unknown = byName.Keys.Except(required).Except([OptimumNames.PositionIds, OptimumNames.UseCacheBranch]).ToList();
        if (unknown.Count > 0)
            throw new ModelFormatException(path,
                $"unknown inputs {string.Join(", ", unknown)} (this suite feeds {OptimumNames.InputIds}, {OptimumNames.AttentionMask}, " +
                $"{OptimumNames.PositionIds}, {OptimumNames.UseCacheBranch} and the {config.Layers} layers' past_key_values of a {cache.Description})");
        foreach (var tensor in cache.Tensors)
            CheckDims(path, byName[tensor.Past], cache, tensor);
        return layout;
    }

    /// <summary>Decided by the first layer's past: a fused <c>.key_value</c>, a rank-3 <c>.key</c>, else the standard format.</summary>
    private static KvCacheFormat CacheFormat(IReadOnlyDictionary<string, ModelInput> inputs)
    {
        if (inputs.ContainsKey(OptimumNames.PastKeyValue(0)))
            return KvCacheFormat.FusedKeyValue;
        if (inputs.TryGetValue(OptimumNames.PastKey(0), out var key) && key.Dims?.Length == 3)
            return KvCacheFormat.BloomRank3;
        return KvCacheFormat.Standard;
    }

    /// <summary>The rank, and the fixed sizes (KV heads, head dim) where the model declares them, must be config.json's.</summary>
    private static void CheckDims(string path, ModelInput input, KvCacheLayout cache, CacheTensor tensor)
    {
        if (input.Dims is not { } dims)
            return;
        bool fits = dims.Length == tensor.Axes.Count && tensor.Axes.Select((axis, i) =>
            dims[i] < 0 || !KvCacheLayout.IsFixed(axis) || dims[i] == cache.Size(axis, 0)).All(ok => ok);
        if (!fits)
            throw new ModelFormatException(path,
                $"{input.Name} is [{string.Join(",", dims.Select(d => d < 0 ? "?" : d.ToString()))}], but config.json " +
                $"({cache.Kv.KvHeads} KV heads of {cache.Kv.HeadDim} dims) makes it [{string.Join(",", tensor.Axes.Select(a => AxisText(cache, a)))}]");
    }

    private static string AxisText(KvCacheLayout cache, CacheAxis axis) => axis switch
    {
        CacheAxis.Batch => "batch",
        CacheAxis.BatchTimesKvHeads => "batch*kv_heads",
        CacheAxis.Length => "length",
        _ => cache.Size(axis, 0).ToString(),
    };
}
