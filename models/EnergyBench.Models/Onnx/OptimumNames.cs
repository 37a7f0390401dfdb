namespace EnergyBench.Models.Onnx;

/// <summary>
/// The file, input and output names of a Hugging Face Optimum decoder export with past: the contract between the
/// ONNX writer and every engine that runs such a file (ONNX Runtime, OpenVINO).
/// </summary>
public static class OptimumNames
{
    /// <summary>The default export: one decoder with past inputs.</summary>
    public const string ModelFile = "model.onnx";

    /// <summary>The legacy export's merged decoder, whose <see cref="UseCacheBranch"/> says whether the past is read.</summary>
    public const string MergedModelFile = "decoder_model_merged.onnx";

    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";

    /// <summary>Optional: exports of models with learned or rotary positions may have it.</summary>
    public const string PositionIds = "position_ids";

    /// <summary>bool [1] of a merged decoder: false for the first step (zero-length pasts), true once there is a past.</summary>
    public const string UseCacheBranch = "use_cache_branch";

    public const string Logits = "logits";

    public static string PastKey(int layer) => $"past_key_values.{layer}.key";
    public static string PastValue(int layer) => $"past_key_values.{layer}.value";
    public static string PresentKey(int layer) => $"present.{layer}.key";
    public static string PresentValue(int layer) => $"present.{layer}.value";

    /// <summary>The fused cache of one layer (<see cref="KvCacheFormat.FusedKeyValue"/>).</summary>
    public static string PastKeyValue(int layer) => $"past_key_values.{layer}.key_value";
    public static string PresentKeyValue(int layer) => $"present.{layer}.key_value";
}
