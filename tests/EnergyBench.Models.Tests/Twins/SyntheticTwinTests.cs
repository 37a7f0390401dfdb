using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using EnergyBench.Models.Registry;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Models.Tests.Twins;

/// <summary>
/// Twins written from study models' registry entries, shrunk in depth and width so the tests stay small; the vocabulary,
/// dtype, special ids and every other key stay the real model's.
/// </summary>
public class SyntheticTwinTests
{
    private static StudyModel Shrunk(string name, Action<JsonObject> shrink)
    {
        var real = ModelRegistry.Get(name);
        var config = (JsonObject)real.Config.DeepClone();
        shrink(config);
        return new StudyModel
        {
            Name = real.Name, HubId = real.HubId, ModelType = real.ModelType, Parameters = real.Parameters, Category = real.Category,
            Tokenizer = real.Tokenizer, License = real.License, Config = config,
        };
    }

    private static StudyModel TinyLlama() => Shrunk("TinyLlama-1.1B-Chat-v1.0", c =>
    {
        c["num_hidden_layers"] = 1;
        c["hidden_size"] = 64;
        c["intermediate_size"] = 96;
        c["num_attention_heads"] = 4;
        c["num_key_value_heads"] = 2;
    });

    /// <summary>The dtype of each tensor in a safetensors header, read with no help from the suite's reader.</summary>
    private static IReadOnlyCollection<string> Dtypes(string path)
    {
        using var stream = File.OpenRead(path);
        var length = new byte[8];
        stream.ReadExactly(length);
        var header = new byte[BinaryPrimitives.ReadUInt64LittleEndian(length)];
        stream.ReadExactly(header);
        return JsonNode.Parse(Encoding.UTF8.GetString(header))!.AsObject()
            .Where(entry => entry.Key != "__metadata__")
            .Select(entry => entry.Value!["dtype"]!.GetValue<string>())
            .ToHashSet();
    }

    [Fact]
    public void A_twin_has_the_models_config_its_dtype_and_a_manifest_that_says_synthetic()
    {
        using var dir = new TempDirectory();
        var study = TinyLlama();
        var manifest = SyntheticModelBuilder.BuildTwin(study, dir.File("twin"));

        Assert.True(JsonNode.DeepEquals(study.Config, JsonNode.Parse(File.ReadAllText(dir.File("twin/config.json")))));
        Assert.Equal(["BF16"], Dtypes(dir.File("twin/model.safetensors"))); // TinyLlama is published in bfloat16
        Assert.Equal(["config.json", "model.safetensors", "onnx/model.onnx", "onnx/model.onnx_data", "tokenizer.json", "tokenizer_config.json"], manifest.Files.Keys);
        Assert.Equal("twin of TinyLlama/TinyLlama-1.1B-Chat-v1.0", manifest.Preset);
        Assert.Equal(study.LoadConfig().ParameterCount, manifest.Parameters);
        Assert.StartsWith("GPT-2 byte-level BPE, 31998 of its tokens in a 32000-id vocabulary", manifest.Tokenizer);

        var model = new ModelDirectory(dir.File("twin"), study.TwinName).Check();
        Assert.Equal("synthetic (twin of TinyLlama/TinyLlama-1.1B-Chat-v1.0, seed 1234)", model.Directory.WeightsProvenance);
        Assert.All(model.Tokenizer.EncodeToIds("def f(x):\n    return x + 12345 ü"), id => Assert.InRange(id, 0, 31999));
    }

    [Fact]
    public void The_same_model_and_seed_give_the_same_twin_and_another_seed_other_weights()
    {
        using var dir = new TempDirectory();
        var study = Shrunk("tiny_starcoder_py", c =>
        {
            c["n_layer"] = 1;
            c["n_embd"] = 48;
            c["n_head"] = 4;
            c["n_inner"] = 96;
        });
        var first = SyntheticModelBuilder.BuildTwin(study, dir.File("a"));
        var second = SyntheticModelBuilder.BuildTwin(study, dir.File("b"));
        var other = SyntheticModelBuilder.BuildTwin(study, dir.File("c"), seed: 7);

        Assert.Equal(first.Files, second.Files);
        Assert.NotEqual(first.Files["model.safetensors"], other.Files["model.safetensors"]);
        Assert.Equal(first.Files["tokenizer.json"], other.Files["tokenizer.json"]);
        Assert.Equal(["F32"], Dtypes(dir.File("a/model.safetensors")));
    }

    [Theory]
    [InlineData("codeparrot-small", "F32")]
    [InlineData("pythia-410m", "F16")]
    [InlineData("codegemma-2b", "BF16")]
    [InlineData("bloomz-1b1", "F32")] // no torch_dtype in its config
    public void Weights_are_stored_in_the_dtype_the_model_is_published_in(string model, string dtype) =>
        Assert.Equal(dtype, SyntheticModelBuilder.StorageType(ModelRegistry.Get(model)));
}
