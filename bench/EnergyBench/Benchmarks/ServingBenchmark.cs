using BenchmarkDotNet.Attributes;
using EnergyBench.Diagnosers.Columns;
using EnergyBench.Diagnosers.Exporters;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Equivalence;
using EnergyBench.Inference.Generation;
using EnergyBench.Inference.Profiling;
using EnergyBench.Inference.Prompts;
using EnergyBench.Inference.Stopping;
using EnergyBench.Models;
using EnergyBench.Models.Tokenization;

namespace EnergyBench.Benchmarks;

/// <summary>
/// The benchmark every serving configuration shares: one iteration sends the whole prompt set through greedy
/// generation, one prompt at a time or in batches (<see cref="BatchSize"/>). The output-equivalence guard, the model
/// load and a warm-up prompt run in [GlobalSetup], outside every measurement.
/// </summary>
public abstract class ServingBenchmark
{
    private IDecoderEngine? _engine;
    private int[][] _prompts = [];
    private int[][][] _groups = [];
    private string? _forwardNotMeasurable;
    private IStopRule? _stop;

    /// <summary>The setting that says whether the iterations carry the engine's forward time, and why not.</summary>
    public const string ForwardTimerSetting = "forward_timer";

    public abstract ServingConfiguration Configuration { get; }

    [ParamsSource(nameof(ModelValues))]
    public ModelChoice Model { get; set; } = new("");

    [ParamsSource(nameof(PromptValues))]
    public string Prompts { get; set; } = "";

    [ParamsSource(nameof(MaxNewTokensValues))]
    public int MaxNewTokens { get; set; }

    [ParamsSource(nameof(PrecisionValues))]
    public string Precision { get; set; } = "fp32";

    /// <summary>Intra-op threads of the engine.</summary>
    [ParamsSource(nameof(ThreadsValues))]
    public int Threads { get; set; }

    /// <summary>
    /// Prompts decoded together: 1 sends them one at a time, as the study did; b sends them in groups of b in the
    /// prompt set's order (the last group smaller), left-padded to the group's longest
    /// (<see cref="GreedyGenerator.GenerateBatch"/>).
    /// </summary>
    [ParamsSource(nameof(BatchSizeValues))]
    public int BatchSize { get; set; } = 1;

    /// <summary>
    /// When a prompt's generation ends (<see cref="StopPolicy"/>): <c>fixed</c> generates exactly
    /// <see cref="MaxNewTokens"/>, <c>eos</c> stops at the model's end token, <c>code</c> where the completion is complete
    /// (<see cref="CodeBlockEnd"/>). Tokens per iteration then vary with the policy.
    /// </summary>
    [ParamsSource(nameof(StopValues))]
    public string Stop { get; set; } = "fixed";

    public static IEnumerable<ModelChoice> ModelValues => BenchmarkSettings.Models.Select(reference => new ModelChoice(reference));
    public static IEnumerable<string> PromptValues => BenchmarkSettings.PromptSets;
    public static IEnumerable<int> MaxNewTokensValues => BenchmarkSettings.MaxNewTokens;
    public static IEnumerable<string> PrecisionValues => BenchmarkSettings.Precisions;
    public static IEnumerable<int> ThreadsValues => BenchmarkSettings.Threads;
    public static IEnumerable<int> BatchSizeValues => BenchmarkSettings.BatchSizes;
    public static IEnumerable<string> StopValues => BenchmarkSettings.Stops;

    [GlobalSetup]
    public void Setup()
    {
        var model = ModelDirectory.Resolve(Model.Reference);
        if (!model.Exists)
            throw new ModelFormatException(model.ConfigPath, "model not built (run: ./run.sh models build " + Model.Reference + ")");
        _prompts = EncodePrompts(model, Prompts);
        _groups = _prompts.Chunk(BatchSize).ToArray();
        var options = new EngineOptions(Threads, PrecisionNames.Parse(Precision));
        var stop = StopSetup.For(StopPolicyNames.Parse(Stop), model);
        _stop = stop.Rule;

        // The reference's tokens come from the host, so this process's memory is the configuration's alone.
        var guard = BenchmarkSettings.Guard(options.Precision);
        var check = GuardCheck.Prepare(guard, Configuration, options, model, Prompts, _prompts, MaxNewTokens, stop);

        _engine = EngineFactory.Create(Configuration, model, options);
        Report("configuration", Configuration.ShortName);
        Report("model", model.Name);
        var config = model.LoadConfig();
        Report(SamplesCsvExporter.ParametersSetting, config.ParameterCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Report(PeakRssShareColumn.WeightBytesSetting, (config.ParameterCount * options.Precision.Bytes()).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Report("architecture", config.ModelType);
        Report("weights", model.WeightsProvenance);
        foreach (var (key, value) in _engine.Settings)
            Report(key, value);
        Report("stop", stop.Description);
        foreach (var (key, value) in check.Finish(_engine))
            Report(key, value);
        if (PromptLengthCheck.Describe(_prompts, MaxNewTokens, _engine.MaxPositions) is { } truncated)
            Report("truncated_prompts", truncated);
        _forwardNotMeasurable = ForwardClock.NotMeasurable(Configuration);
        Report(ForwardTimerSetting, _forwardNotMeasurable is null ? "on" : "off: " + _forwardNotMeasurable);
        if (TestDelay > 0)
            Report("test_delay_ms", TestDelay.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // One prompt (the first group at batch size > 1) through the engine before BenchmarkDotNet's own warm-up, so lazy
        // native initialisation is not timed. A group's rows are also generated alone: the report says how many agree.
        if (BatchSize == 1)
            GreedyGenerator.Generate(_engine, _prompts[0], MaxNewTokens, _stop);
        else
            Report("batch_agreement", BatchAgreement(_engine, _groups[0], MaxNewTokens, _stop));
        _engine.Synchronize();
        IterationRecorder.Start();
    }

    /// <summary>The prompt set's token ids for <paramref name="model"/>, as the benchmark and the guard's reference send them.</summary>
    public static int[][] EncodePrompts(ModelDirectory model, string promptSet)
    {
        var tokenizer = ModelTokenizer.Load(model.Path);
        return PromptSet.Load(promptSet).Prompts.Select(p => tokenizer.EncodeToIds(p.Prompt).ToArray()).ToArray();
    }

    /// <summary>
    /// Test hook: milliseconds to sleep in every iteration (<c>BENCH_TEST_DELAY_MS</c>), so the regression gate can be
    /// shown a deliberately slowed run. Never set in normal use; the run prints it as a setting when it is.
    /// </summary>
    public const string TestDelayVariable = "BENCH_TEST_DELAY_MS";

    private static readonly int TestDelay = int.TryParse(Environment.GetEnvironmentVariable(TestDelayVariable), out int ms) && ms > 0 ? ms : 0;

    [Benchmark]
    public long Generate()
    {
        if (TestDelay > 0)
            Thread.Sleep(TestDelay);
        return Run(MaxNewTokens, _stop);
    }

    /// <summary>
    /// Only the prefill of every prompt (or group): the prompt through the model and its first token, i.e. generation
    /// with one new token. Its iterations last as long as the set's prefills, long enough for any meter, so prefill energy
    /// is measured rather than split from sample intervals; the analysis takes decode as <see cref="Generate"/> less this.
    /// Runs with <c>--prefill-benchmark</c> (<see cref="BenchmarkSettings.PrefillBenchmark"/>).
    /// </summary>
    [Benchmark]
    public long Prefill()
    {
        return Run(1, stop: null);
    }

    /// <summary>One pass over the prompt set with <paramref name="maxNewTokens"/> each; its tokens, forward time and phases go to the iteration record.</summary>
    private long Run(int maxNewTokens, IStopRule? stop)
    {
        long tokens = 0, forwardStart = ForwardClock.Ticks;
        if (BatchSize == 1)
        {
            foreach (var prompt in _prompts)
                tokens += GreedyGenerator.Generate(_engine!, prompt, maxNewTokens, stop, PhaseRecording.Instance).Length;
        }
        else
        {
            foreach (var group in _groups)
                foreach (var row in GreedyGenerator.GenerateBatch(_engine!, group, maxNewTokens, stop, PhaseRecording.Instance))
                    tokens += row.Length;
        }
        _engine!.Synchronize();
        IterationRecorder.AddTokens(tokens);
        if (_forwardNotMeasurable is null)
            IterationRecorder.AddForwardTicks(ForwardClock.Ticks - forwardStart);
        return tokens;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine?.Dispose();
        _engine = null;
    }

    /// <summary>"4/4": the rows of <paramref name="group"/> whose batched tokens are the tokens they generate alone.</summary>
    private static string BatchAgreement(IDecoderEngine engine, int[][] group, int maxNewTokens, IStopRule? stop)
    {
        var batched = GreedyGenerator.GenerateBatch(engine, group, maxNewTokens, stop);
        int same = group.Where((prompt, row) => GreedyGenerator.Generate(engine, prompt, maxNewTokens, stop).SequenceEqual(batched[row])).Count();
        if (same < group.Length)
            Console.WriteLine($"warning: batch of {group.Length}: {group.Length - same} row(s) generate other tokens than alone; the batched " +
                              "cases measure different work (an ONNX export without position_ids numbers padded positions wrongly: re-export it)");
        return $"{same}/{group.Length}";
    }

    private static void Report(string key, string value) => Console.WriteLine(BenchmarkProcessOutput.SettingLine(key, value));
}
