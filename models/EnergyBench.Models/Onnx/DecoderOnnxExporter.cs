using EnergyBench.Models.Architectures;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Onnx;

/// <summary>
/// Writes a checkpoint of any supported architecture as an ONNX decoder with past, in the layout Hugging Face Optimum exports for
/// <c>text-generation-with-past</c>: inputs <c>input_ids</c>, <c>attention_mask</c> (past + new), <c>position_ids</c>
/// and <c>past_key_values.{i}.key/.value</c> [batch, heads, past, head_dim]; outputs <c>logits</c> and
/// <c>present.{i}.key/.value</c>. <see cref="OnnxExportOptions"/> selects the layouts of older exports instead (other
/// cache formats, no position_ids, a merged decoder). Only standard operators (opset 21) are used, so ONNX Runtime and
/// OpenVINO both read it. The math follows transformers' models of each type, masked scores set to float.MinValue as they do.
/// </summary>
public static class DecoderOnnxExporter
{
    public const long Opset = 21;
    /// <summary>
    /// Every export keeps its weights in external data by default: ONNX Runtime maps that file instead of holding the
    /// whole protobuf while it builds its session, which lowers both its peak and its resident memory.
    /// </summary>
    public const long DefaultExternalDataThreshold = 0;
    /// <summary>The data file of <c>model.onnx</c> (see <see cref="ExternalDataPath"/>).</summary>
    public const string ExternalDataFile = "model.onnx_data";

    /// <summary>The external data file beside <paramref name="onnxPath"/>, named after it as Optimum does (<c>model.onnx_data</c>).</summary>
    public static string ExternalDataPath(string onnxPath) => Path.GetFullPath(onnxPath) + "_data";

    private const string Batch = "batch_size", Sequence = "sequence_length", Past = "past_sequence_length",
        Total = "past_sequence_length + sequence_length";

    /// <param name="externalDataThreshold">Weights larger than this (in bytes) go to <see cref="ExternalDataPath"/>;
    /// <see cref="long.MaxValue"/> keeps them inside the model, as older exports did.</param>
    public static void Export(Checkpoint checkpoint, string onnxPath, long externalDataThreshold = DefaultExternalDataThreshold,
        OnnxExportOptions? options = null)
    {
        options ??= OnnxExportOptions.Default;
        var config = checkpoint.Config;
        string directory = Path.GetDirectoryName(Path.GetFullPath(onnxPath))!;
        Directory.CreateDirectory(directory);
        bool external = config.ParameterCount * sizeof(float) > externalDataThreshold;
        string dataPath = ExternalDataPath(onnxPath);
        using (var data = external ? new ExternalDataWriter(dataPath) : null)
        {
            var graph = new OnnxGraph(data);
            Build(graph, checkpoint, options);
            var metadata = new Dictionary<string, string>
            {
                ["architecture"] = config.ModelType,
                ["layout"] = "optimum text-generation-with-past",
                ["kv_cache"] = options.Cache.ToString(),
            };
            File.WriteAllBytes(onnxPath, graph.ToModel(config.ModelType + "_decoder_with_past", Opset, metadata));
        }
        if (!external && File.Exists(dataPath))
            File.Delete(dataPath);
    }

    private static void Build(OnnxGraph graph, Checkpoint checkpoint, OnnxExportOptions options)
    {
        var config = checkpoint.Config;
        var cache = new KvCacheLayout(options.Cache, config.Kv);
        // Optimum feeds position_ids to every type here but BLOOM, whose ALiBi needs none.
        bool positionIds = options.PositionIds ?? config.Positions != PositionKind.Alibi;

        graph.Input(OptimumNames.InputIds, OnnxType.Int64, Batch, Sequence);
        graph.Input(OptimumNames.AttentionMask, OnnxType.Int64, Batch, Total);
        if (positionIds)
            graph.Input(OptimumNames.PositionIds, OnnxType.Int64, Batch, Sequence);
        foreach (var tensor in cache.Tensors)
            graph.Input(tensor.Past, OnnxType.Float, Dims(cache, tensor, Past));
        if (options.MergedCacheBranch)
            graph.Input(OptimumNames.UseCacheBranch, OnnxType.Bool, 1);
        string[] outputs = DeclareOutputs(graph, config, cache, "");

        if (!options.MergedCacheBranch)
        {
            new DecoderGraphBuilder(graph, checkpoint, positionIds, new KvCacheNodes(graph, cache, readsPast: true, ""), OptimumNames.Logits).Build();
            return;
        }
        OnnxGraph Branch(bool readsPast, string prefix)
        {
            var branch = graph.Branch();
            DeclareOutputs(branch, config, cache, prefix);
            new DecoderGraphBuilder(branch, checkpoint, positionIds, new KvCacheNodes(branch, cache, readsPast, prefix), prefix + OptimumNames.Logits).Build();
            return branch;
        }
        graph.Node("If", [OptimumNames.UseCacheBranch], outputs,
            OnnxAttribute.Of("then_branch", Branch(readsPast: true, "with_past/")),
            OnnxAttribute.Of("else_branch", Branch(readsPast: false, "without_past/")));
    }

    /// <summary>Declares logits and the presents, each name after <paramref name="prefix"/>, and returns the names.</summary>
    private static string[] DeclareOutputs(OnnxGraph graph, ArchitectureConfig config, KvCacheLayout cache, string prefix)
    {
        graph.Output(prefix + OptimumNames.Logits, OnnxType.Float, Batch, Sequence, config.VocabSize);
        foreach (var tensor in cache.Tensors)
            graph.Output(prefix + tensor.Present, OnnxType.Float, Dims(cache, tensor, Total));
        return [OptimumNames.Logits, .. cache.Tensors.Select(t => t.Present)];
    }

    /// <summary>A cache tensor's dims: numbers for the fixed axes, names for batch and length.</summary>
    private static object[] Dims(KvCacheLayout cache, CacheTensor tensor, string length) =>
    [
        .. tensor.Axes.Select(axis => axis switch
        {
            CacheAxis.Batch => Batch,
            CacheAxis.BatchTimesKvHeads => Batch + " * num_kv_heads",
            CacheAxis.Length => length,
            _ => (object)cache.Size(axis, 0),
        }),
    ];
}
