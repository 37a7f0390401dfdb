using EnergyBench.Inference.Profiling;
using EnergyBench.Models;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>TorchSharp eager execution of the model's modules (<see cref="TorchDecoder"/>), on the CPU or a CUDA device.</summary>
public sealed class TorchDecoderEngine : IDecoderEngine
{
    private readonly TorchDecoder _model;
    private readonly Device _device;

    public TorchDecoderEngine(ServingConfiguration configuration, ModelDirectory model, EngineOptions options)
    {
        if (configuration.Engine != RuntimeEngine.Torch)
            throw new ArgumentException($"{configuration} is not a TorchSharp eager configuration");
        Configuration = configuration;
        _device = TorchRuntime.Open(configuration, options, out string library);
        _model = TorchDecoder.Load(model, _device, TorchRuntime.DType(options.Precision));
        Settings = TorchRuntime.Settings(_device, options.Precision, library);
    }

    public ServingConfiguration Configuration { get; }
    public int VocabSize => _model.Config.VocabSize;
    public int MaxPositions => _model.Config.MaxPositions;
    public IReadOnlyDictionary<string, string> Settings { get; }

    public IDecoderSession StartSession() => new TorchDecoderSession(_model);

    public void Synchronize() => TorchRuntime.Synchronize(_device);

    public void Dispose() => _model.Dispose();
}

/// <summary>One sequence on TorchSharp: the KV cache lives across steps, every other tensor dies with the step's scope.</summary>
internal sealed class TorchDecoderSession(TorchDecoder model) : IDecoderSession
{
    private readonly KvCache _cache = model.NewCache();
    private readonly float[] _logits = new float[model.Config.VocabSize];

    public int Length => _cache.Length;

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds)
    {
        if (_cache.Length + tokenIds.Length > model.Config.MaxPositions)
            throw new InvalidOperationException($"the sequence would have {_cache.Length + tokenIds.Length} tokens; the model takes at most {model.Config.MaxPositions}");
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var input = TorchRuntime.InputIds(tokenIds, model.Device);
        long forward = ForwardClock.Start();
        var logits = model.Forward(input, _cache);
        ForwardClock.Stop(forward);
        TorchRuntime.CopyLogits(logits, _logits);
        return _logits;
    }

    public void Dispose() => _cache.Dispose();
}
