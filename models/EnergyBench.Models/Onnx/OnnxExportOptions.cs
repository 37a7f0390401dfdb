namespace EnergyBench.Models.Onnx;

/// <summary>
/// Which of Optimum's decoder layouts <see cref="DecoderOnnxExporter"/> writes. The default is today's
/// <c>onnx/model.onnx</c>; the others are the layouts of older exports that engines must also run.
/// </summary>
public sealed record OnnxExportOptions
{
    public static OnnxExportOptions Default { get; } = new();

    public KvCacheFormat Cache { get; init; } = KvCacheFormat.Standard;

    /// <summary>A <c>position_ids</c> input; null exports it as Optimum does, for every type but those with ALiBi.
    /// Without it the positions follow from the attention mask's length (past .. past + sequence - 1).</summary>
    public bool? PositionIds { get; init; }

    /// <summary>
    /// A merged decoder (<c>decoder_model_merged.onnx</c>): a bool input <c>use_cache_branch</c> [1] drives an If whose
    /// true branch reads the past and whose false branch computes from the new tokens alone, ignoring the (zero-length)
    /// pasts it is still given.
    /// </summary>
    public bool MergedCacheBranch { get; init; }
}
