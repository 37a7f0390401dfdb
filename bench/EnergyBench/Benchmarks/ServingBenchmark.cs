using BenchmarkDotNet.Attributes;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using EnergyBench.Inference.Prompts;
using EnergyBench.Models;
using EnergyBench.Models.Tokenization;

namespace EnergyBench.Benchmarks;

/// <summary>
/// The benchmark every serving configuration shares: one iteration sends the whole prompt set through greedy
/// generation. The model is loaded and warmed up in [GlobalSetup], outside every measurement.
/// </summary>
public abstract class ServingBenchmark
{
    private IDecoderEngine? _engine;
    private int[][] _prompts = [];

    protected abstract ServingConfiguration Configuration { get; }

    [ParamsSource(nameof(ModelValues))]
    public string Model { get; set; } = "";

    [ParamsSource(nameof(PromptValues))]
    public string Prompts { get; set; } = "";

    [ParamsSource(nameof(MaxNewTokensValues))]
    public int MaxNewTokens { get; set; }

    public static IEnumerable<string> ModelValues => BenchmarkSettings.Models;
    public static IEnumerable<string> PromptValues => BenchmarkSettings.PromptSets;
    public static IEnumerable<int> MaxNewTokensValues => BenchmarkSettings.MaxNewTokens;

    [GlobalSetup]
    public void Setup()
    {
        var model = ModelDirectory.Resolve(Model);
        if (!model.Exists)
            throw new ModelFormatException(model.ConfigPath, "model not built (run: ./run.sh models build " + Model + ")");
        var tokenizer = ModelTokenizer.Load(model.Path);
        _prompts = PromptSet.Load(Prompts).Prompts.Select(p => tokenizer.EncodeToIds(p.Prompt).ToArray()).ToArray();

        var options = BenchmarkSettings.EngineOptions;
        _engine = EngineFactory.Create(Configuration, model, options);
        Console.WriteLine(BenchmarkProcessOutput.SettingLine("configuration", Configuration.ShortName));
        Console.WriteLine(BenchmarkProcessOutput.SettingLine("model", model.Name));
        foreach (var (key, value) in _engine.Settings)
            Console.WriteLine(BenchmarkProcessOutput.SettingLine(key, value));

        // One prompt through the engine before BenchmarkDotNet's own warm-up, so lazy native initialisation is not timed.
        GreedyGenerator.Generate(_engine, _prompts[0], MaxNewTokens);
        IterationRecorder.Start();
    }

    [Benchmark]
    public long Generate()
    {
        long tokens = 0;
        foreach (var prompt in _prompts)
            tokens += GreedyGenerator.Generate(_engine!, prompt, MaxNewTokens).Length;
        IterationRecorder.AddTokens(tokens);
        return tokens;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine?.Dispose();
        _engine = null;
    }
}
