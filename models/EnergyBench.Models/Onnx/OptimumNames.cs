namespace EnergyBench.Models.Onnx;

/// <summary>
/// The input and output names of a Hugging Face Optimum decoder export with past (<c>onnx/model.onnx</c>): the
/// contract between the ONNX writer and every engine that runs such a file (ONNX Runtime, OpenVINO).
/// </summary>
public static class OptimumNames
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";

    /// <summary>Optional: exports of models with learned or rotary positions may have it.</summary>
    public const string PositionIds = "position_ids";

    public const string Logits = "logits";

    public static string PastKey(int layer) => $"past_key_values.{layer}.key";
    public static string PastValue(int layer) => $"past_key_values.{layer}.value";
    public static string PresentKey(int layer) => $"present.{layer}.key";
    public static string PresentValue(int layer) => $"present.{layer}.value";
}
