using EnergyBench.Inference.Profiling;
using EnergyBench.Inference.Engines.Torch;
using EnergyBench.Models;
using EnergyBench.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Jit;

/// <summary>
/// libtorch's TorchScript JIT running <see cref="DecoderScript"/>. The weights are read by the eager model's loader and
/// passed to the script as one list, so both Torch engines run on identical parameters.
/// </summary>
public sealed class JitDecoderEngine : IDecoderEngine
{
    private readonly TorchDecoder _model;
    private readonly jit.CompilationUnit _script;
    private readonly Tensor[] _weights;
    private readonly Tensor[] _tables;

    // Stands in for the weights and tables the description lacks; the script's flags never read it.
    private readonly Tensor _absent;

    // Passed to the script as a Scalar the engine keeps alive (see TorchRuntime.One for why no temporary Scalars).
    private readonly Scalar _epsilon;
    private readonly object[] _arguments;

    public JitDecoderEngine(ServingConfiguration configuration, ModelDirectory model, EngineOptions options)
    {
        if (configuration.Engine != RuntimeEngine.Jit)
            throw new ArgumentException($"{configuration} is not a TorchScript configuration");
        Configuration = configuration;
        var device = TorchRuntime.Open(configuration, options, out string library);
        string runtimeRss = RuntimeBaseline.Measure();
        _model = TorchDecoder.Load(model, device, TorchRuntime.DType(options.Precision));
        var config = _model.Config;
        _absent = empty(0, dtype: _model.DType, device: device);
        var parameters = _model.state_dict();
        _weights = DecoderScript.WeightSlots(config.Layers)
            .Select(name => parameters.GetValueOrDefault(name == CanonicalWeights.Head && config.TiedHead ? CanonicalWeights.Embedding : name) ?? _absent)
            .ToArray();
        _tables = _model.Tables.All.Select(table => table ?? _absent).ToArray();
        _script = DecoderScript.Compile();
        _epsilon = config.NormEpsilon;
        _arguments = DecoderScript.Arguments(config, _epsilon);
        var settings = TorchRuntime.Settings(device, options.Precision, library);
        settings["torchscript"] = "compiled from DecoderScript";
        settings[RuntimeBaseline.Setting] = runtimeRss;
        Settings = settings;
    }

    public ServingConfiguration Configuration { get; }
    public int VocabSize => _model.Config.VocabSize;
    public int MaxPositions => _model.Config.MaxPositions;
    public IReadOnlyDictionary<string, string> Settings { get; }

    public IDecoderSession StartSession() => new JitDecoderSession(this, null);

    public IBatchDecoderSession StartBatch(int rows) =>
        new JitDecoderSession(this, new PaddedBatch(rows, _model.Config.VocabSize, _model.Config.MaxPositions));

    public void Synchronize() => TorchRuntime.Synchronize(_model.Device);

    public void Dispose()
    {
        _script.Dispose();
        _model.Dispose();
        _absent.Dispose();
        _epsilon.Dispose();
    }

    /// <summary>
    /// One sequence, or a left-padded batch of rows (<see cref="PaddedBatch"/>): the script writes each step's keys and
    /// values into the session's <see cref="KvCache"/>.
    /// </summary>
    private sealed class JitDecoderSession : IDecoderSession, IBatchDecoderSession
    {
        private readonly JitDecoderEngine _engine;
        private readonly KvCache _cache;
        private readonly float[] _logits;
        private readonly PaddedBatch? _batch;

        // ids, weights, cache, past, tables, padded, then the description's arguments; built once, ids, past and
        // padded set per step.
        private readonly object[] _step;

        /// <summary>One sequence without <paramref name="batch"/>, else its rows.</summary>
        public JitDecoderSession(JitDecoderEngine engine, PaddedBatch? batch)
        {
            _engine = engine;
            var model = engine._model;
            _batch = batch;
            _logits = new float[Rows * model.Config.VocabSize];
            _cache = model.NewCache(Rows);
            _step = [null!, engine._weights, _cache.Buffers, 0, engine._tables, Array.Empty<Tensor>(), .. engine._arguments];
        }

        public int Rows => _batch?.Rows ?? 1;

        public int Length => _cache.Length;

        public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds, ReadOnlySpan<bool> attended)
        {
            if (_batch is null)
                throw new InvalidOperationException("a session of one sequence takes no mask");
            _batch.Append(tokenIds, attended);
            var model = _engine._model;
            using var scope = NewDisposeScope();
            using var mode = inference_mode();
            var step = StepInputs.ForBatch(model.Config, model.Tables, _batch, model.Device);
            _step[0] = TorchRuntime.InputIds(tokenIds, model.Device, Rows);
            _step[3] = Length;
            _step[5] = new[] { step.Positions!, step.Cos ?? _engine._absent, step.Sin ?? _engine._absent, step.Mask! };
            try
            {
                long forward = ForwardClock.Start();
                var logits = _engine._script.invoke<Tensor>(DecoderScript.StepFunction, _step);
                ForwardClock.Stop(forward);
                TorchRuntime.CopyLogits(logits, _logits);
            }
            finally
            {
                _step[5] = Array.Empty<Tensor>();
            }
            _cache.Length += _batch.Count;
            return _logits;
        }

        public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds)
        {
            if (_batch is not null)
                throw new InvalidOperationException("a batch session takes a mask with its tokens");
            var model = _engine._model;
            if (Length + tokenIds.Length > model.Config.MaxPositions)
                throw new InvalidOperationException($"the sequence would have {Length + tokenIds.Length} tokens; the model takes at most {model.Config.MaxPositions}");
            using var scope = NewDisposeScope();
            using var mode = inference_mode();
            _step[0] = TorchRuntime.InputIds(tokenIds, model.Device);
            _step[3] = Length;
            long forward = ForwardClock.Start();
            var logits = _engine._script.invoke<Tensor>(DecoderScript.StepFunction, _step);
            ForwardClock.Stop(forward);
            TorchRuntime.CopyLogits(logits, _logits);
            _cache.Length += tokenIds.Length;
            return _logits;
        }

        public void Dispose() => _cache.Dispose();
    }
}
