using EnergyBench.Inference.Engines.Onnx;
using EnergyBench.Models;

namespace EnergyBench.Inference.Engines.OpenVino;

/// <summary>
/// OpenVINO over the same Optimum-style ONNX decoder as ONNX Runtime, in any layout <see cref="DecoderLayout"/> reads,
/// read directly by OpenVINO's ONNX frontend and compiled for the CPU. The model runs stateless: the presents of one
/// step are fed back as the next step's past.
/// Inference precision is pinned (<c>INFERENCE_PRECISION_HINT</c>), because recent CPU plugins otherwise pick bf16
/// on hardware that has it and greedy tokens would no longer match the fp32 reference.
/// </summary>
public sealed class OpenVinoDecoderEngine : IDecoderEngine
{
    private readonly OvCore _core;
    private readonly OvCompiledModel _compiled;

    public OpenVinoDecoderEngine(ServingConfiguration configuration, ModelDirectory model, EngineOptions options)
    {
        if (configuration.Engine != RuntimeEngine.OpenVino)
            throw new ArgumentException($"{configuration} is not an OpenVINO configuration");
        if (configuration.Provider != ExecutionProvider.Cpu)
            throw new ConfigurationUnavailableException(configuration, "OpenVINO runs on the CPU only in this suite");
        Configuration = configuration;
        Library = OpenVinoLibrary.Load(configuration);
        var config = model.LoadConfig();
        string path = model.RequireOnnx();

        _core = new OvCore(Library);
        string runtimeRss = RuntimeBaseline.Measure();
        try
        {
            using var read = ReadModel(path);
            Layout = DecoderLayout.Read(path, config, [.. read.InputNames.Zip(read.InputShapes, (name, dims) => new ModelInput(name, dims))], read.OutputNames);
            _compiled = _core.Compile(read, "CPU",
            [
                ("INFERENCE_PRECISION_HINT", PrecisionHint(options.Precision)),
                ("INFERENCE_NUM_THREADS", options.IntraOpThreads.ToString()),
                ("PERFORMANCE_HINT", "LATENCY"),
            ]);
            Request = _compiled.CreateInferRequest();
        }
        catch
        {
            _compiled?.Dispose();
            _core.Dispose();
            throw;
        }

        Settings = new Dictionary<string, string>
        {
            ["engine"] = "OpenVINO " + Library.VersionText,
            ["provider"] = "CPU",
            ["precision"] = options.Precision.Name(),
            ["intra_op_threads"] = options.IntraOpThreads.ToString(),
            ["performance_hint"] = "LATENCY",
            [RuntimeBaseline.Setting] = runtimeRss,
            ["openvino_c"] = Library.Path,
            ["onnx_model"] = $"{Path.GetFileName(path)}: {Layout.Description}",
        };
    }

    public ServingConfiguration Configuration { get; }
    public int VocabSize => Layout.VocabSize;
    public int MaxPositions => Layout.MaxPositions;
    public IReadOnlyDictionary<string, string> Settings { get; }
    internal OpenVinoLibrary Library { get; }
    internal DecoderLayout Layout { get; }

    /// <summary>One request shared by the engine's sessions: a step binds every input anew, so sessions may interleave.</summary>
    internal OvInferRequest Request { get; }

    public IDecoderSession StartSession() => new OpenVinoDecoderSession(this);

    /// <summary>Refused: the session feeds one sequence's inputs per request; batching it is not implemented.</summary>
    public IBatchDecoderSession StartBatch(int rows) =>
        throw new ConfigurationUnavailableException(Configuration, ConfigurationAvailability.OpenVinoBatchReason(rows));

    /// <summary>Nothing to wait for: inference is synchronous on the CPU.</summary>
    public void Synchronize()
    {
    }

    public void Dispose()
    {
        Request.Dispose();
        _compiled.Dispose();
        _core.Dispose();
    }

    /// <summary>OpenVINO's element type names: f32, f16, bf16.</summary>
    private static string PrecisionHint(Precision precision) => precision switch
    {
        Precision.Fp16 => "f16",
        Precision.Bf16 => "bf16",
        _ => "f32",
    };

    private OvModel ReadModel(string path)
    {
        try
        {
            return _core.ReadModel(path);
        }
        catch (OpenVinoException e)
        {
            throw new ModelFormatException(path, "OpenVINO cannot read it: " + e.Message, e);
        }
    }
}
