using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Engines.OpenVino;
using EnergyBench.Inference.Generation;
using EnergyBench.Models;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// The OpenVINO session against the stub library scripted as each export layout: what it binds (names, element types,
/// shapes over a growing past), the presents fed back as pasts, position_ids and use_cache_branch, all of which the
/// stub checks at every infer.
/// </summary>
[Collection(ArchitectureModelsCollection.Name)]
public sealed class OpenVinoLayoutTests : IClassFixture<OpenVinoStub>, IDisposable
{
    private static readonly ServingConfiguration OvCpu = ServingConfiguration.Parse("ov-cpu");
    private readonly ArchitectureModelsFixture _models;
    private readonly OpenVinoStub _stub;
    private readonly string _log;

    public OpenVinoLayoutTests(ArchitectureModelsFixture models, OpenVinoStub stub)
    {
        _models = models;
        _stub = stub;
        _log = Path.Combine(Path.GetDirectoryName(stub.LibraryPath)!, $"calls-{Guid.NewGuid():N}.log");
        Environment.SetEnvironmentVariable(OpenVinoLibrary.PathVariable, stub.LibraryPath);
    }

    private string[] Calls => File.Exists(_log) ? File.ReadAllLines(_log) : [];

    /// <summary>Every past is bound at lengths 0 (prompt), 4, 5 and 6 as [.. L ..] with L replaced by the length.</summary>
    [Theory]
    [InlineData("gpt2-test", "cache=standard; kv_heads=2; head_dim=8", "past_key_values.1.key=[1,2,L,8] past_key_values.1.value=[1,2,L,8]",
        "model.onnx: key/value cache; position_ids")]
    [InlineData("gpt_bigcode-test", "cache=fused; kv_heads=1; head_dim=8", "past_key_values.1.key_value=[1,L,16]",
        "model.onnx: fused key_value cache, rank 3; position_ids")]
    [InlineData("gpt2-test", "cache=fused; head_dim=8", "past_key_values.1.key_value=[1,2,L,16]",
        "model.onnx: fused key_value cache, rank 4; position_ids")]
    [InlineData("llama-test", "cache=bloom; position_ids=0", "past_key_values.1.key=[2,8,L] past_key_values.1.value=[2,L,8]",
        "model.onnx: rank-3 key/value cache (bloom); positions from the attention mask")]
    [InlineData("gemma-test", "cache_branch=1; position_ids=0", "past_key_values.1.key=[1,1,L,12] past_key_values.1.value=[1,1,L,12]",
        "model.onnx: key/value cache; merged with use_cache_branch; positions from the attention mask")]
    [InlineData("bloom-test", "cache=bloom; cache_branch=1; position_ids=0", "past_key_values.0.key=[6,8,L] past_key_values.0.value=[6,L,8]",
        "model.onnx: rank-3 key/value cache (bloom); merged with use_cache_branch; positions from the attention mask")]
    public void Each_layout_is_bound_by_name_with_its_shapes_and_its_presents_fed_back(string preset, string script, string pasts, string layout)
    {
        var model = _models.Model(preset);
        _stub.Script($"layers=2; vocab={model.LoadConfig().VocabSize}; {script}; tokens=5,7,9,11; log={_log}");
        using (var engine = EngineFactory.Create(OvCpu, model, new EngineOptions(1)))
        {
            Assert.Equal(layout, engine.Settings["onnx_model"]);
            Assert.Equal([5, 7, 9, 11], GreedyGenerator.Generate(engine, [10, 20, 30, 40], 4));
        }

        var calls = Calls;
        Assert.Equal(4, calls.Count(c => c == "infer"));
        foreach (string past in pasts.Split(' '))
        {
            var (name, shape) = (past[..past.IndexOf('=')], past[(past.IndexOf('=') + 1)..]);
            foreach (int length in new[] { 0, 4, 5, 6 })
                Assert.Contains($"set_tensor {name} type=5 shape={shape.Replace("L", length.ToString())}", calls);
        }
        bool merged = script.Contains("cache_branch=1"), positions = !script.Contains("position_ids=0");
        Assert.Equal(merged ? 4 : 0, calls.Count(c => c == "set_tensor use_cache_branch type=2 shape=[1]"));
        Assert.Equal(positions ? 4 : 0, calls.Count(c => c.StartsWith("set_tensor position_ids ")));
        Assert.DoesNotContain(calls, c => c.StartsWith("set_tensor past_key_values.2."));
    }

    [Theory]
    [InlineData("cache=standard; kv_heads=3", "past_key_values.0.key is [?,3,?,?], but config.json (2 KV heads of 8 dims) makes it [batch,2,length,8]")]
    [InlineData("cache=fused; kv_heads=1", "past_key_values.0.key_value is [?,?,?], but config.json (2 KV heads of 8 dims) makes it [batch,2,length,16]")]
    [InlineData("cache=bloom; head_dim=16", "past_key_values.0.key is [?,16,?], but config.json (2 KV heads of 8 dims) makes it [batch*kv_heads,8,length]")]
    public void A_cache_that_does_not_fit_config_json_is_named(string script, string problem)
    {
        var model = _models.Model("gpt2-test");
        _stub.Script($"layers=2; vocab={model.LoadConfig().VocabSize}; {script}; log={_log}");
        var error = Assert.Throws<ModelFormatException>(() => EngineFactory.Create(OvCpu, model, new EngineOptions(1)));
        Assert.Equal($"{model.OnnxPath}: {problem}", error.Message);
        Assert.Contains("ov_core_free", Calls);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(OpenVinoLibrary.PathVariable, null);
}
