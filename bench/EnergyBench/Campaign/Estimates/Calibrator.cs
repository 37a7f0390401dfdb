using System.Diagnostics;
using System.Globalization;
using EnergyBench.Analysis.Statistics;
using EnergyBench.Benchmarks;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Equivalence;
using EnergyBench.Inference.Generation;
using EnergyBench.Models;

namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// Times reference models in each serving configuration, in this process: the engine's load, the prefill of a few
/// prompts and the decode steps after it, as the benchmark runs them (greedy, batch 1, fp32, one untimed warm-up prompt).
/// The estimates of a campaign stand on these numbers (<see cref="ServingSpeed"/>).
/// </summary>
public static class Calibrator
{
    /// <param name="targets">The configurations to calibrate, each with the intra-op threads its cases run with.</param>
    /// <param name="references">Built models to time (<see cref="CalibrationModels"/>).</param>
    /// <param name="promptSet">The prompt set the prompts come from.</param>
    public static CalibrationResult Run(IReadOnlyList<(ServingConfiguration Configuration, int Threads)> targets,
        IReadOnlyList<ModelDirectory> references, string promptSet, CalibrationOptions options, Action<string> progress)
    {
        var clock = Stopwatch.StartNew();
        var configurations = targets.Select(t => Calibrate(t.Configuration, t.Threads, references, promptSet, options, progress)).ToList();
        return new CalibrationResult(configurations, clock.Elapsed.TotalSeconds);
    }

    private static ConfigurationCalibration Calibrate(ServingConfiguration configuration, int threads, IReadOnlyList<ModelDirectory> references,
        string promptSet, CalibrationOptions options, Action<string> progress)
    {
        if (ConfigurationAvailability.Check(configuration) is { } reason)
        {
            progress($"{configuration}: not calibrated, it cannot run here ({reason})");
            return new ConfigurationCalibration(configuration.ShortName, threads, [], reason);
        }
        var timings = new List<ReferenceTiming>();
        var failures = new List<string>();
        foreach (var model in references)
        {
            try
            {
                var timing = Time(configuration, model, threads, promptSet, options);
                timings.Add(timing);
                progress(string.Create(CultureInfo.InvariantCulture,
                    $"{configuration} {model.Name}: load {timing.LoadSeconds:0.00} s, prefill {timing.PrefillSeconds * 1e3:0.0} ms " +
                    $"({timing.PromptTokens:0.#} tokens), decode {timing.DecodeSecondsPerToken * 1e3:0.00} ms/token"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One model an engine cannot run must not end the dry run: the others still calibrate the configuration.
                failures.Add($"{model.Name}: {e.Message}");
                progress($"{configuration} {model.Name}: not timed ({e.Message})");
            }
        }
        string? unavailable = timings.Count == 0 ? "no reference model could be timed: " + string.Join("; ", failures) : null;
        return new ConfigurationCalibration(configuration.ShortName, threads, timings, unavailable, failures);
    }

    /// <summary>One model in one configuration: load, then a warm-up prompt, then the timed prompts.</summary>
    public static ReferenceTiming Time(ServingConfiguration configuration, ModelDirectory model, int threads, string promptSet, CalibrationOptions options)
    {
        if (options.NewTokens < 2)
            throw new ArgumentException($"calibration: {options.NewTokens} new tokens leave no decode step to time; use 2 or more");
        var encoded = ServingBenchmark.EncodePrompts(model, promptSet);
        var prompts = OutputGuard.Subset(encoded.Length, options.Prompts).Select(i => encoded[i]).ToArray();
        var config = model.LoadConfig();

        var clock = Stopwatch.StartNew();
        using var engine = EngineFactory.Create(configuration, model, new EngineOptions(threads));
        double load = clock.Elapsed.TotalSeconds;
        GreedyGenerator.Generate(engine, prompts[0], options.NewTokens);
        engine.Synchronize();

        var log = new PhaseLog();
        foreach (var prompt in prompts)
        {
            GreedyGenerator.Generate(engine, prompt, options.NewTokens, stop: null, log);
            engine.Synchronize();
        }
        var phases = log.Phases.Where(p => p.DecodeTokens > 0).ToList();
        if (phases.Count == 0)
            throw new InvalidOperationException($"{model.Name}: the model's context left no room for decode steps");
        // Medians over the prompts: on a shared machine one prompt slowed by other work would otherwise move the whole line.
        double prefill = Median(phases.Select(p => Seconds(p.FirstToken - p.Start)));
        double decode = Median(phases.Select(p => Seconds(p.Stop - p.FirstToken) / p.DecodeTokens));
        return new ReferenceTiming(model.Name, ModelSize.ShapeName(model), config.ParameterCount, load, prefill,
            phases.Average(p => (double)p.PromptTokens), decode);
    }

    private static double Seconds(long stopwatchTicks) => (double)stopwatchTicks / Stopwatch.Frequency;

    private static double Median(IEnumerable<double> values) => Quantiles.Of(values.Order().ToList(), 0.5);
}
