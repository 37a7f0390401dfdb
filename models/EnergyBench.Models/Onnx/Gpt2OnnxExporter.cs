using EnergyBench.Models.Gpt2;

namespace EnergyBench.Models.Onnx;

public static class Gpt2OnnxExporter
{
    public static void Export(Gpt2Checkpoint checkpoint, string onnxPath) => throw new NotImplementedException();
}
