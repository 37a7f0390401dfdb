using EnergyBench.Inference.Engines;
using EnergyBench.Models;
using EnergyBench.Models.Onnx;

namespace EnergyBench.Inference.Tests;

/// <summary>Which ONNX file the engines run, and the one-line errors for a model that is none of the layouts they feed.</summary>
[Collection(ArchitectureModelsCollection.Name)]
public class OnnxModelLayoutTests(ArchitectureModelsFixture models)
{
    [Fact]
    public void Model_onnx_is_preferred_to_a_merged_decoder_beside_it()
    {
        using var directory = new TempDirectory();
        var model = OnnxExportVariantTests.ExportVariant(models.Model("gpt2-test"), "merged", directory);
        using (var merged = EngineFactory.Create(ServingConfiguration.OnnxCpu, model, new EngineOptions(1)))
            Assert.StartsWith(OptimumNames.MergedModelFile + ":", merged.Settings["onnx_model"]);

        using (var checkpoint = model.OpenCheckpoint())
            DecoderOnnxExporter.Export(checkpoint, model.OnnxPath);
        using var engine = EngineFactory.Create(ServingConfiguration.OnnxCpu, model, new EngineOptions(1));
        Assert.Equal("model.onnx: key/value cache; position_ids", engine.Settings["onnx_model"]);
    }

    [Fact]
    public void Without_either_file_the_error_names_both_and_how_to_export()
    {
        using var directory = new TempDirectory();
        File.Copy(Path.Combine(models.Model("gpt2-test").Path, "config.json"), directory.File("config.json"));
        var error = Assert.Throws<ModelFormatException>(() =>
            EngineFactory.Create(ServingConfiguration.OnnxCpu, new ModelDirectory(directory.Path, "none"), new EngineOptions(1)));
        Assert.Equal($"{directory.Path}/onnx/model.onnx: file not found, nor decoder_model_merged.onnx beside it " +
                     $"(write it with: ./run.sh models export-onnx {directory.Path})", error.Message);
    }

    [Fact]
    public void Unknown_inputs_are_named()
    {
        using var directory = new TempDirectory();
        File.Copy(Path.Combine(models.Model("gpt2-test").Path, "config.json"), directory.File("config.json"));
        var graph = new OnnxGraph();
        graph.Input(OptimumNames.InputIds, OnnxType.Int64, "batch", "sequence");
        graph.Input(OptimumNames.AttentionMask, OnnxType.Int64, "batch", "total");
        graph.Input("token_type_ids", OnnxType.Int64, "batch", "sequence");
        graph.Node("Cast", [OptimumNames.InputIds], [OptimumNames.Logits], OnnxAttribute.Of("to", (long)OnnxType.Float));
        graph.Output(OptimumNames.Logits, OnnxType.Float, "batch", "sequence");
        foreach (string name in new[] { "key", "value" })
            for (int layer = 0; layer < 2; layer++)
            {
                graph.Input($"past_key_values.{layer}.{name}", OnnxType.Float, "batch", 2, "past", 8);
                graph.Node("Identity", [$"past_key_values.{layer}.{name}"], [$"present.{layer}.{name}"]);
                graph.Output($"present.{layer}.{name}", OnnxType.Float, "batch", 2, "past", 8);
            }
        Directory.CreateDirectory(directory.File("onnx"));
        File.WriteAllBytes(directory.File("onnx/model.onnx"), graph.ToModel("extra", DecoderOnnxExporter.Opset, new Dictionary<string, string>()));

        var error = Assert.Throws<ModelFormatException>(() =>
            EngineFactory.Create(ServingConfiguration.OnnxCpu, new ModelDirectory(directory.Path, "extra"), new EngineOptions(1)));
        Assert.Equal(directory.File("onnx/model.onnx") + ": unknown inputs token_type_ids (this suite feeds input_ids, attention_mask, " +
                     "position_ids, use_cache_branch and the 2 layers' past_key_values of a key/value cache)", error.Message);
    }

    [Theory]
    [InlineData("gpt_neox-test", "", "gpt2-test", "past_key_values.0.key is [?,2,?,16], but config.json (2 KV heads of 8 dims) makes it [batch,2,length,8]")]
    [InlineData("gpt_bigcode-test", "fused", "llama-test", "past_key_values.0.key_value is [?,?,16], but config.json (2 KV heads of 8 dims) makes it [batch,2,length,16]")]
    [InlineData("bloom-test", "bloom", "gpt_neox-test", "past_key_values.0.key is [?,8,?], but config.json (2 KV heads of 16 dims) makes it [batch*kv_heads,16,length]")]
    public void A_cache_that_does_not_fit_config_json_is_named(string exported, string variant, string config, string problem)
    {
        using var directory = new TempDirectory();
        var export = variant.Length == 0
            ? ExportStandard(models.Model(exported), directory)
            : OnnxExportVariantTests.ExportVariant(models.Model(exported), variant, directory);
        File.Copy(Path.Combine(models.Model(config).Path, "config.json"), export.ConfigPath, overwrite: true);

        var error = Assert.Throws<ModelFormatException>(() => EngineFactory.Create(ServingConfiguration.OnnxCpu, export, new EngineOptions(1)));
        Assert.Equal($"{export.OnnxPath}: {problem}", error.Message);
    }

    private static ModelDirectory ExportStandard(ModelDirectory source, TempDirectory directory)
    {
        Directory.CreateDirectory(directory.File("onnx"));
        File.Copy(source.OnnxPath, directory.File("onnx/model.onnx"));
        File.Copy(DecoderOnnxExporter.ExternalDataPath(source.OnnxPath), DecoderOnnxExporter.ExternalDataPath(directory.File("onnx/model.onnx")));
        return new ModelDirectory(directory.Path, source.Name);
    }
}
