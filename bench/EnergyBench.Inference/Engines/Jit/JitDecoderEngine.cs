using EnergyBench.Inference.Engines.Torch;
using EnergyBench.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Jit;

/// <summary>
/// libtorch's TorchScript JIT running <see cref="Gpt2Script"/>. The weights are read by the eager model's loader and
/// passed to the script as one list, so both Torch engines run on identical parameters.
/// </summary>
public sealed class JitDecoderEngine : IDecoderEngine
{
    private readonly TorchGpt2 _model;
    private readonly jit.CompilationUnit _script;
    private readonly Tensor[] _weights;
    private readonly Device _device;

    // Passed to the script as a Scalar the engine keeps alive (see TorchRuntime.One for why no temporary Scalars).
    private readonly Scalar _epsilon;

    public JitDecoderEngine(ServingConfiguration configuration, ModelDirectory model, EngineOptions options)
    {
        if (configuration.Engine != RuntimeEngine.Jit)
            throw new ArgumentException($"{configuration} is not a TorchScript configuration");
        Configuration = configuration;
        _device = TorchRuntime.Open(configuration, options, out string library);
        _model = TorchGpt2.Load(model, _device, TorchRuntime.DType(options.Precision));
        var parameters = _model.state_dict();
        _weights = ScriptWeightNames(_model.Config.Layers).Select(name => parameters[name]).ToArray();
        _script = Gpt2Script.Compile();
        _epsilon = _model.Config.NormEpsilon;
        var settings = TorchRuntime.Settings(_device, options.Precision, library);
        settings["torchscript"] = "compiled from Gpt2Script";
        Settings = settings;
    }

    public ServingConfiguration Configuration { get; }
    public int VocabSize => _model.Config.VocabSize;
    public int MaxPositions => _model.Config.MaxPositions;
    public IReadOnlyDictionary<string, string> Settings { get; }

    public IDecoderSession StartSession() => new JitDecoderSession(this);

    public void Synchronize() => TorchRuntime.Synchronize(_device);

    public void Dispose()
    {
        _script.Dispose();
        _model.Dispose();
        _epsilon.Dispose();
    }

    /// <summary>The eager model's parameter names in the order the script indexes its weight list.</summary>
    internal static IEnumerable<string> ScriptWeightNames(int layers) =>
    [
        "wte.weight", "wpe.weight",
        .. Enumerable.Range(0, layers).SelectMany(layer => Gpt2Script.LayerWeights.Select(name => $"h.{layer}.{name}")),
        "ln_f.weight", "ln_f.bias",
    ];

    /// <summary>One sequence: the cache is the list the script returned last, [k0, v0, k1, v1, ...].</summary>
    private sealed class JitDecoderSession : IDecoderSession
    {
        private readonly JitDecoderEngine _engine;
        private readonly float[] _logits;
        private Tensor[] _cache;

        public JitDecoderSession(JitDecoderEngine engine)
        {
            _engine = engine;
            var config = engine._model.Config;
            _logits = new float[config.VocabSize];
            var dtype = engine._weights[0].dtype;
            _cache = Enumerable.Range(0, 2 * config.Layers)
                .Select(_ => empty(config.Kv.Shape(0), dtype: dtype, device: engine._device))
                .ToArray();
        }

        public int Length { get; private set; }

        public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds)
        {
            var config = _engine._model.Config;
            if (Length + tokenIds.Length > config.MaxPositions)
                throw new InvalidOperationException($"the sequence would have {Length + tokenIds.Length} tokens; the model takes at most {config.MaxPositions}");
            using var scope = NewDisposeScope();
            using var mode = inference_mode();
            var input = TorchRuntime.InputIds(tokenIds, _engine._device);
            var outputs = _engine._script.invoke<Tensor[]>(Gpt2Script.StepFunction, input, _engine._weights, _cache, config.Heads, _engine._epsilon);
            TorchRuntime.CopyLogits(outputs[0], _logits);
            var previous = _cache;
            _cache = outputs[1..].Select(t => t.MoveToOuterDisposeScope()).ToArray();
            foreach (var tensor in previous)
                tensor.Dispose();
            Length += tokenIds.Length;
            return _logits;
        }

        public void Dispose()
        {
            foreach (var tensor in _cache)
                tensor.Dispose();
        }
    }
}
