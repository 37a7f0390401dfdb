using System.CommandLine;
using System.Globalization;
using EnergyBench.Campaign;
using EnergyBench.Inference.Engines;
using EnergyBench.Models.Registry;

namespace EnergyBench.Cli;

/// <summary>TEMPORARY: calibrates and prints the dry-run table for a made-up plan, until <c>bench --dry-run</c> calls the estimator.</summary>
public static class EstimateProbeCommand
{
    public static Command Create()
    {
        var models = new Option<string>("--models") { DefaultValueFactory = _ => "study" };
        var configs = new Option<string>("--configs") { DefaultValueFactory = _ => "torch-cpu,jit-cpu,onnx-cpu,ov-cpu" };
        var paper = new Option<bool>("--paper");
        var maxReference = new Option<long>("--max-reference-parameters") { DefaultValueFactory = _ => CalibrationOptions.Default.MaxReferenceParameters };
        var table = new Option<bool>("--table");
        var prompts = new Option<string>("--prompts") { DefaultValueFactory = _ => "humaneval-autocomplete" };
        var iterations = new Option<int>("--iterations") { DefaultValueFactory = _ => 10 };
        var idle = new Option<string>("--idle") { DefaultValueFactory = _ => "10s" };
        var command = new Command("estimate-probe", "temporary: calibration and estimates for a made-up plan") { models, configs, paper, maxReference, table, prompts, iterations, idle };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var protocol = result.GetValue(paper) ? CaseProtocol.Default with { Idle = TimeSpan.FromMinutes(5) }
                : CaseProtocol.Default with { IterationCount = result.GetValue(iterations), Idle = Diagnosers.Meters.MeterOptions.ParseDuration("--idle", result.GetValue(idle)!) };
            var names = ModelRegistry.Expand(result.GetValue(models)!.Split(','));
            var configurations = result.GetValue(configs)!.Split(',').Select(ServingConfiguration.Parse).ToList();
            int threads = EngineOptions.Default.IntraOpThreads;
            var parameters = new Dictionary<string, string>
            {
                ["Prompts"] = result.GetValue(prompts)!, ["MaxNewTokens"] = "32", ["BatchSize"] = "1", ["Threads"] = threads.ToString(CultureInfo.InvariantCulture),
                ["Precision"] = "fp32", ["Stop"] = "fixed", ["Method"] = "Generate", ["Job"] = "Monitoring",
            };
            var cases = configurations.SelectMany(c => names.Select(m => (c, m)))
                .Select((p, i) => new PlannedCase(i, $"{p.c}.{p.m}", p.c.ShortName, p.c.ShortName, p.m, parameters, p.c.ShortName)).ToList();
            var options = CalibrationOptions.Default with { MaxReferenceParameters = result.GetValue(maxReference) };
            var estimator = CaseEstimator.Calibrated(cases, protocol, Console.WriteLine, options);
            Console.WriteLine($"calibration: {estimator.Calibration!.Seconds:0.0} s");
            foreach (var c in estimator.Calibration.Configurations.Where(c => c.IsCalibrated))
            {
                var speed = ServingSpeed.Fit(c);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Configuration}: load {speed.Load.Intercept:0.00} s + {speed.Load.BytesPerSecond / 1e9:0.00} GB/s; step {speed.Step.Intercept * 1e3:0.00} ms + {speed.Step.BytesPerSecond / 1e9:0.00} GB/s; extra token {speed.ExtraTokenShare:0.000}"));
            }
            foreach (var c in cases)
            {
                var e = estimator.Estimate(c);
                var w = CaseWork.Of(c, protocol);
                var s = CaseEstimator.FromModelSize(protocol).Estimate(c);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Configuration,-9} {c.Model,-34} {w.Parameters / 1e6,6:0} M  total {DryRunTable.Duration(e.Seconds)}  load {e.Load:0.0}  setup {e.Setup:0.0}  pass {e.Pass:0.0} x{e.Passes}  [{e.Basis}]  size-only {DryRunTable.Duration(s.Seconds)}"));
            }
            var estimated = estimator.Apply(cases);
            Console.WriteLine($"total calibrated: {DryRunTable.Duration(estimated.Sum(c => c.EstimateSeconds))}; model-size only: {DryRunTable.Duration(CaseEstimator.FromModelSize(protocol).Apply(cases).Sum(c => c.EstimateSeconds))}");
            if (result.GetValue(table))
                DryRunTable.Write(Console.Out, estimated, estimator.Source, start: DateTimeOffset.UtcNow, basis: c => estimator.Estimate(c).Basis);
            return 0;
        }));
        return command;
    }
}
