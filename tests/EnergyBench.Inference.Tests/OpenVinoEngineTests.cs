using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Engines.OpenVino;
using EnergyBench.Inference.Generation;
using EnergyBench.Models;

namespace EnergyBench.Inference.Tests;

/// <summary>Native/openvino_stub.c built once and scripted through OV_STUB_SCRIPT.</summary>
public sealed class OpenVinoStub() : NativeStub("openvino_stub.c", "OV_STUB_SCRIPT");

/// <summary>
/// The OpenVINO binding against a stub libopenvino_c compiled here: the calls, their arguments and shapes, the cache
/// fed back, error statuses turned into messages, and a missing library. All in one class, because the library path
/// is process-wide.
/// </summary>
public sealed class OpenVinoEngineTests : IClassFixture<TestModelFixture>, IClassFixture<OpenVinoStub>, IDisposable
{
    private static readonly ServingConfiguration OvCpu = ServingConfiguration.Parse("ov-cpu");
    private readonly TestModelFixture _model;
    private readonly OpenVinoStub _stub;
    private readonly string _log;

    public OpenVinoEngineTests(TestModelFixture model, OpenVinoStub stub)
    {
        _model = model;
        _stub = stub;
        _log = Path.Combine(Path.GetDirectoryName(stub.LibraryPath)!, $"calls-{Guid.NewGuid():N}.log");
        Environment.SetEnvironmentVariable(OpenVinoLibrary.PathVariable, stub.LibraryPath);
    }

    private int Vocab => _model.Model.LoadConfig().VocabSize;

    private string[] Calls => File.Exists(_log) ? File.ReadAllLines(_log) : [];

    [Fact]
    public void Generates_the_scripted_tokens_and_feeds_each_present_back_as_the_next_past()
    {
        // The stub fails an infer whose past differs from the presents it returned the step before.
        _stub.Script($"layers=2; vocab={Vocab}; tokens=5,7,9,11; log={_log}");
        using (var engine = EngineFactory.Create(OvCpu, _model.Model, new EngineOptions(1)))
            Assert.Equal([5, 7, 9, 11], GreedyGenerator.Generate(engine, [10, 20, 30, 40], 4));

        var calls = Calls;
        var config = _model.Model.LoadConfig();
        string Past(int length) => $"shape=[1,{config.KvHeads},{length},{config.HeadDim}]";
        Assert.Contains($"ov_core_read_model {_model.Model.OnnxPath} bin=NULL", calls);
        Assert.Equal("ov_core_compile_model device=CPU n=6 INFERENCE_PRECISION_HINT=f32 INFERENCE_NUM_THREADS=1 PERFORMANCE_HINT=LATENCY",
            Assert.Single(calls, c => c.StartsWith("ov_core_compile_model")));
        Assert.Equal(4, calls.Count(c => c == "infer"));
        // Prompt step, then one token at a time over a growing past.
        Assert.Contains("set_tensor input_ids type=11 shape=[1,4]", calls);
        Assert.Equal(3, calls.Count(c => c == "set_tensor input_ids type=11 shape=[1,1]"));
        Assert.Contains("set_tensor attention_mask type=11 shape=[1,7]", calls);
        Assert.Contains("set_tensor position_ids type=11 shape=[1,1]", calls);
        foreach (int length in new[] { 0, 4, 5, 6 })
            Assert.Contains($"set_tensor past_key_values.1.value type=5 {Past(length)}", calls);
        // The model is released once compiled; everything else when the engine is disposed.
        Assert.True(Array.IndexOf(calls, "ov_model_free") < Array.IndexOf(calls, "infer"));
        Assert.Equal(["ov_infer_request_free", "ov_compiled_model_free", "ov_core_free"], calls.TakeLast(3));
    }

    [Fact]
    public void Settings_name_the_library_version_precision_and_threads()
    {
        _stub.Script($"layers=2; vocab={Vocab}; log={_log}");
        using var engine = EngineFactory.Create(OvCpu, _model.Model, new EngineOptions(2, Precision.Bf16));
        Assert.Equal("OpenVINO 2099.0.0-stub", engine.Settings["engine"]);
        Assert.Equal("bf16", engine.Settings["precision"]);
        Assert.Equal("2", engine.Settings["intra_op_threads"]);
        Assert.Equal(_stub.LibraryPath, engine.Settings["openvino_c"]);
        Assert.Equal("ov_core_compile_model device=CPU n=6 INFERENCE_PRECISION_HINT=bf16 INFERENCE_NUM_THREADS=2 PERFORMANCE_HINT=LATENCY",
            Assert.Single(Calls, c => c.StartsWith("ov_core_compile_model")));
    }

    [Fact]
    public void A_failing_call_is_named_with_its_status_and_openvinos_message()
    {
        _stub.Script($"layers=2; vocab={Vocab}; fail=ov_core_compile_model:-4; log={_log}");
        var error = Assert.Throws<OpenVinoException>(() => EngineFactory.Create(OvCpu, _model.Model, new EngineOptions(1)));
        Assert.Equal("OpenVINO ov_core_compile_model failed: PARAMETER_MISMATCH (-4): PARAMETER_MISMATCH: stub: ov_core_compile_model was told to fail", error.Message);
        Assert.Equal(-4, error.Status);
        Assert.Contains("ov_core_free", Calls); // nothing leaks when construction fails
    }

    [Fact]
    public void An_output_shape_that_disagrees_with_config_json_is_named()
    {
        _stub.Script($"layers=2; vocab={Vocab + 1}; log={_log}");
        using var engine = EngineFactory.Create(OvCpu, _model.Model, new EngineOptions(1));
        using var session = engine.StartSession();
        var error = Assert.Throws<InvalidOperationException>(() => session.Step([1, 2, 3]));
        Assert.Equal($"OpenVINO output logits has shape [1,3,{Vocab + 1}], expected [1,3,{Vocab}]", error.Message);
    }

    [Fact]
    public void A_model_whose_inputs_do_not_match_config_json_is_rejected()
    {
        _stub.Script($"layers=1; vocab={Vocab}; log={_log}");
        var error = Assert.Throws<ModelFormatException>(() => EngineFactory.Create(OvCpu, _model.Model, new EngineOptions(1)));
        Assert.Contains("not an Optimum-style decoder with past", error.Message);
        Assert.Contains("past_key_values.1.key", error.Message);
    }

    [Fact]
    public void An_unreadable_model_names_the_file()
    {
        _stub.Script($"layers=2; vocab={Vocab}; fail=ov_core_read_model:-1; log={_log}");
        var error = Assert.Throws<ModelFormatException>(() => EngineFactory.Create(OvCpu, _model.Model, new EngineOptions(1)));
        Assert.StartsWith(_model.Model.OnnxPath, error.Message);
        Assert.Contains("OpenVINO cannot read it: OpenVINO ov_core_read_model failed: GENERAL_ERROR (-1)", error.Message);
    }

    [Fact]
    public void Without_the_library_the_configuration_says_how_to_get_it()
    {
        Environment.SetEnvironmentVariable(OpenVinoLibrary.PathVariable, "/nonexistent/libopenvino_c.so");
        var error = Assert.Throws<ConfigurationUnavailableException>(() => EngineFactory.Create(OvCpu, _model.Model, new EngineOptions(1)));
        Assert.StartsWith("ov-cpu unavailable: /nonexistent/libopenvino_c.so not found (install OpenVINO 2024 or newer", error.Message);
        Assert.Contains(OpenVinoLibrary.PathVariable, error.Message);
        Assert.Equal(error.Reason, ConfigurationAvailability.Check(OvCpu));
    }

    [Fact]
    public void With_the_library_the_configuration_is_available()
    {
        _stub.Script($"layers=2; vocab={Vocab}");
        Assert.Null(ConfigurationAvailability.Check(OvCpu));
    }

    public void Dispose() => Environment.SetEnvironmentVariable(OpenVinoLibrary.PathVariable, null);
}
