using EnergyBench.Models.Architectures;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Onnx;

/// <summary>
/// Writes a checkpoint of any supported architecture as an ONNX decoder with past, in the layout Hugging Face Optimum exports for
/// <c>text-generation-with-past</c>: inputs <c>input_ids</c>, <c>attention_mask</c> (past + new), <c>position_ids</c>
/// and <c>past_key_values.{i}.key/.value</c> [batch, heads, past, head_dim]; outputs <c>logits</c> and
/// <c>present.{i}.key/.value</c>. Only standard operators (opset 21) are used, so ONNX Runtime and OpenVINO both read
/// it. The math follows transformers' models of each type, masked scores set to float.MinValue as they do.
/// </summary>
public static class DecoderOnnxExporter
{
    public const long Opset = 21;
    public const long DefaultExternalDataThreshold = 1L << 30;
    public const string ExternalDataFile = "model.onnx_data";

    /// <param name="externalDataThreshold">Weights larger than this (in bytes) go to <c>model.onnx_data</c>.</param>
    public static void Export(Checkpoint checkpoint, string onnxPath, long externalDataThreshold = DefaultExternalDataThreshold)
    {
        var config = checkpoint.Config;
        string directory = Path.GetDirectoryName(Path.GetFullPath(onnxPath))!;
        Directory.CreateDirectory(directory);
        bool external = config.ParameterCount * sizeof(float) > externalDataThreshold;
        string dataPath = Path.Combine(directory, ExternalDataFile);
        using (var data = external ? new ExternalDataWriter(dataPath) : null)
        {
            var graph = new OnnxGraph(data);
            // Optimum feeds position_ids to every type here but BLOOM, whose ALiBi needs none.
            new DecoderGraphBuilder(graph, checkpoint, positionIds: config.Positions != PositionKind.Alibi).Build();
            var metadata = new Dictionary<string, string>
            {
                ["architecture"] = config.ModelType,
                ["layout"] = "optimum text-generation-with-past",
            };
            File.WriteAllBytes(onnxPath, graph.ToModel(config.ModelType + "_decoder_with_past", Opset, metadata));
        }
        if (!external && File.Exists(dataPath))
            File.Delete(dataPath);
    }
}
