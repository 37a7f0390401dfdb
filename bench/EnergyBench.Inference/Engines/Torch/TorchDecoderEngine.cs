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
        string runtimeRss = RuntimeBaseline.Measure();
        _model = TorchDecoder.Load(model, _device, TorchRuntime.DType(options.Precision));
        var settings = TorchRuntime.Settings(_device, options.Precision, library);
        settings[RuntimeBaseline.Setting] = runtimeRss;
        Settings = settings;
    }

    public ServingConfiguration Configuration { get; }
    public int VocabSize => _model.Config.VocabSize;
    public int MaxPositions => _model.Config.MaxPositions;
    public IReadOnlyDictionary<string, string> Settings { get; }

    public IDecoderSession StartSession() => new TorchDecoderSession(_model);

    public IBatchDecoderSession StartBatch(int rows) => new TorchBatchSession(_model, rows);

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

/// <summary>Several sequences on TorchSharp, left-padded (<see cref="PaddedBatch"/>), in one KV cache of that many rows.</summary>
internal sealed class TorchBatchSession(TorchDecoder model, int rows) : IBatchDecoderSession
{
    private readonly PaddedBatch _batch = new(rows, model.Config.VocabSize, model.Config.MaxPositions);
    private readonly KvCache _cache = model.NewCache(rows);
    private readonly float[] _logits = new float[rows * model.Config.VocabSize];

    public int Rows => rows;
    public int Length => _cache.Length;

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds, ReadOnlySpan<bool> attended)
    {
        _batch.Append(tokenIds, attended);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var input = TorchRuntime.InputIds(tokenIds, model.Device, rows);
        long forward = ForwardClock.Start();
        var logits = model.Forward(input, _cache, _batch);
        ForwardClock.Stop(forward);
        TorchRuntime.CopyLogits(logits, _logits);
        return _logits;
    }

    public void Dispose() => _cache.Dispose();
}
