using EnergyBench.Models;
using Microsoft.ML.OnnxRuntime;

namespace EnergyBench.Inference.Engines.Onnx;

/// <summary>
/// ONNX Runtime over an Optimum-style decoder with past (<c>onnx/model.onnx</c>, or a merged
/// <c>onnx/decoder_model_merged.onnx</c>), in any layout <see cref="DecoderLayout"/> reads. The session is created from
/// the file path so external weight data resolves; threads are set explicitly and reported in <see cref="Settings"/>.
/// </summary>
public sealed class OnnxDecoderEngine : IDecoderEngine
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly OrtMemoryInfo _cacheMemory;

    public OnnxDecoderEngine(ServingConfiguration configuration, ModelDirectory model, EngineOptions options)
    {
        if (configuration.Engine != RuntimeEngine.Onnx)
            throw new ArgumentException($"{configuration} is not an ONNX Runtime configuration");
        Configuration = configuration;
        if (ConfigurationAvailability.CheckPrecision(configuration, options.Precision) is { } unsupported)
            throw new ConfigurationUnavailableException(configuration, unsupported);
        var config = model.LoadConfig();
        string path = model.RequireOnnx();

        _options = CreateOptions(configuration, options);
        string runtimeRss = RuntimeBaseline.Measure();
        try
        {
            _session = new InferenceSession(path, _options);
        }
        catch (OnnxRuntimeException e)
        {
            _options.Dispose();
            throw new ModelFormatException(path, "ONNX Runtime cannot load it: " + e.Message.Split('\n')[0], e);
        }
        _cacheMemory = configuration.Provider == ExecutionProvider.Cuda
            ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default)
            : OrtMemoryInfo.DefaultInstance;
        try
        {
            var inputs = _session.InputNames.Select(name => new ModelInput(name, [.. _session.InputMetadata[name].Dimensions.Select(d => (long)d)])).ToList();
            Layout = DecoderLayout.Read(path, config, inputs, _session.OutputNames);
        }
        catch
        {
            Dispose();
            throw;
        }

        Settings = new Dictionary<string, string>
        {
            ["engine"] = "onnxruntime " + OrtEnv.Instance().GetVersionString(),
            ["provider"] = configuration.Provider == ExecutionProvider.Cuda ? OnnxCuda.ProviderName : "CPUExecutionProvider",
            ["precision"] = options.Precision.Name(),
            ["intra_op_threads"] = options.IntraOpThreads.ToString(),
            ["inter_op_threads"] = "1",
            ["graph_optimization"] = _options.GraphOptimizationLevel.ToString(),
            ["execution_mode"] = _options.ExecutionMode.ToString(),
            ["intra_op_spinning"] = OnnxSpinning.Allowed ? "on" : $"off ({OnnxSpinning.Variable}=on to spin)",
            [RuntimeBaseline.Setting] = runtimeRss,
            ["weight_prepacking"] = OnnxPrepacking.Enabled ? $"on ({OnnxPrepacking.Variable}=off to read the weights as stored)" : "off",
            ["onnx_model"] = $"{Path.GetFileName(path)}: {Layout.Description}",
        };
    }

    public ServingConfiguration Configuration { get; }
    public int VocabSize => Layout.VocabSize;
    public int MaxPositions => Layout.MaxPositions;
    public IReadOnlyDictionary<string, string> Settings { get; }
    internal DecoderLayout Layout { get; }

    public IDecoderSession StartSession() => new OnnxDecoderSession(_session, Layout, _cacheMemory);

    public IBatchDecoderSession StartBatch(int rows) =>
        new OnnxDecoderSession(_session, Layout, _cacheMemory, new PaddedBatch(rows, VocabSize, MaxPositions));

    /// <summary>Nothing to wait for: every step copies its logits to the host, which waits for the device.</summary>
    public void Synchronize()
    {
    }

    public void Dispose()
    {
        _session?.Dispose();
        _options.Dispose();
        if (_cacheMemory != OrtMemoryInfo.DefaultInstance)
            _cacheMemory.Dispose();
    }

    private static SessionOptions CreateOptions(ServingConfiguration configuration, EngineOptions options)
    {
        var session = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session.AddSessionConfigEntry(OnnxSpinning.ConfigKey, OnnxSpinning.Allowed ? "1" : "0");
        session.AddSessionConfigEntry(OnnxPrepacking.ConfigKey, OnnxPrepacking.Enabled ? "0" : "1");
        if (configuration.Provider == ExecutionProvider.Cuda)
        {
            try
            {
                OnnxCuda.Check(configuration);
                session.AppendExecutionProvider_CUDA(0);
            }
            catch (OnnxRuntimeException e)
            {
                session.Dispose();
                throw new ConfigurationUnavailableException(configuration, $"this build references {BuildAccelerator.OnnxPackage}, but the CUDA execution provider failed to start: " + e.Message.Split('\n')[0]);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
        return session;
    }
}
