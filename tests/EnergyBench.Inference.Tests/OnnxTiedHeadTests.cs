using EnergyBench.Models.Onnx;
using EnergyBench.Models.Weights;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// The export's weights are each stored once: a tied head reads the embedding through Gemm(transB=1) instead of a
/// transposed copy, so the external data holds the parameters and the alignment padding, nothing more.
/// </summary>
[Collection(ArchitectureModelsCollection.Name)]
public class OnnxTiedHeadTests(ArchitectureModelsFixture models)
{
    [Theory]
    [InlineData("gpt2-test")]
    [InlineData("gpt_bigcode-test")]
    [InlineData("bloom-test")]
    [InlineData("gemma-test")]
    [InlineData("gpt_neox-test")]
    public void The_external_data_holds_each_weight_once(string preset)
    {
        var model = models.Model(preset);
        var config = model.LoadConfig();
        long data = new FileInfo(DecoderOnnxExporter.ExternalDataPath(model.OnnxPath)).Length;
        long padding = CanonicalWeights.For(config).Count() * 4096L;

        Assert.InRange(data, config.ParameterCount * sizeof(float) - padding, config.ParameterCount * sizeof(float) + padding);
    }
}
