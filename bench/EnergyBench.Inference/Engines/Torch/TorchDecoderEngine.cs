using System.Reflection;
using System.Runtime.InteropServices;
using EnergyBench.Inference.Native;
using EnergyBench.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>TorchSharp eager execution of the GPT-2 modules, on the CPU or a CUDA device.</summary>
public sealed class TorchDecoderEngine : IDecoderEngine
{
    private static readonly object ThreadSettingsLock = new();
    private static bool _interOpThreadsSet;
    private readonly TorchGpt2 _model;
    private readonly Device _device;

    public TorchDecoderEngine(ServingConfiguration configuration, ModelDirectory model, EngineOptions options)
    {
        if (configuration.Engine != RuntimeEngine.Torch)
            throw new ArgumentException($"{configuration} is not a TorchSharp eager configuration");
        Configuration = configuration;
        string loaded = LibTorchSharpLoader.EnsureLoaded();
        if (configuration.Provider == ExecutionProvider.Cuda && !cuda.is_available())
            throw new ConfigurationUnavailableException(configuration,
                "TorchSharp sees no CUDA device (the default build uses TorchSharp-cpu; build with BENCH_ACCELERATOR=cuda on a machine with an NVIDIA GPU)");
        _device = configuration.Provider == ExecutionProvider.Cuda ? CUDA : CPU;
        SetThreads(options.IntraOpThreads);

        using var checkpoint = model.OpenCheckpoint();
        _model = new TorchGpt2(checkpoint.Config);
        _model.Load(checkpoint);
        _model.to(_device);
        _model.eval();

        Settings = new Dictionary<string, string>
        {
            ["engine"] = "TorchSharp " + (typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?"),
            ["provider"] = _device.type.ToString(),
            ["intra_op_threads"] = get_num_threads().ToString(),
            ["inter_op_threads"] = get_num_interop_threads().ToString(),
            ["libtorchsharp"] = loaded,
        };
    }

    public ServingConfiguration Configuration { get; }
    public int VocabSize => _model.Config.VocabSize;
    public int MaxPositions => _model.Config.NPositions;
    public IReadOnlyDictionary<string, string> Settings { get; }

    public IDecoderSession StartSession() => new TorchDecoderSession(_model, _device);

    public void Dispose() => _model.Dispose();

    private static void SetThreads(int intraOp)
    {
        lock (ThreadSettingsLock)
        {
            set_num_threads(intraOp);
            if (_interOpThreadsSet)
                return;
            _interOpThreadsSet = true;
            try
            {
                set_num_interop_threads(1); // libtorch accepts this once, before any inter-op work
            }
            catch (ExternalException)
            {
            }
        }
    }
}

/// <summary>One sequence on TorchSharp: the KV cache lives across steps, every other tensor dies with the step's scope.</summary>
internal sealed class TorchDecoderSession(TorchGpt2 model, Device device) : IDecoderSession
{
    private readonly KvCache _cache = new(model.Config.NLayer);
    private readonly float[] _logits = new float[model.Config.VocabSize];

    public int Length => _cache.Length;

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds)
    {
        if (_cache.Length + tokenIds.Length > model.Config.NPositions)
            throw new InvalidOperationException($"the sequence would have {_cache.Length + tokenIds.Length} tokens; the model takes at most {model.Config.NPositions}");
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var ids = new long[tokenIds.Length];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = tokenIds[i];
        var input = tensor(ids, [1, ids.Length], dtype: ScalarType.Int64).to(device);
        var logits = model.Forward(input, _cache).to(CPU).contiguous();
        MemoryMarshal.Cast<byte, float>(logits.bytes).CopyTo(_logits);
        return _logits;
    }

    public void Dispose() => _cache.Dispose();
}
