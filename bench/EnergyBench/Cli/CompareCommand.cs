using System.CommandLine;
using EnergyBench.Analysis.Gate;
using EnergyBench.Analysis.Samples;

namespace EnergyBench.Cli;

/// <summary>
/// <c>compare</c>: the regression gate. Exit code 0 when nothing regressed, 1 when any case got slower or costlier
/// beyond the threshold, vanished from the current run (unless <c>--allow-missing</c>) or did not finish there, 2 when
/// the input cannot be used (then the reports say the comparison could not be made, and give no verdict).
/// </summary>
public static class CompareCommand
{
    /// <summary>The exit code of a comparison that does not pass: a regression, a missing or an incomplete case.</summary>
    public const int Failed = 1;

    public static Command Create()
    {
        var runs = new Argument<string[]>("runs")
        {
            Description = "BASELINE CURRENT (run directories, directories of runs, or samples files); with --baseline, CURRENT only",
            Arity = new ArgumentArity(1, 2),
        };
        var baselineOption = new Option<string?>("--baseline") { Description = "the baseline: a run, a directory of runs, or a store kept with --store-baseline" };
        var metrics = new Option<string>("--metric") { Description = "time, energy, net-energy, energy-per-token (comma separated)", DefaultValueFactory = _ => "time,energy" };
        var threshold = new Option<string>("--threshold") { Description = "5%, 10ms, 2J, or per metric time=5%,energy=3%", DefaultValueFactory = _ => "5%" };
        var noise = new Option<string?>("--noise") { Description = "absolute floor per metric, e.g. time=20ms,energy=0.5J" };
        var alpha = new Option<double>("--alpha") { Description = "significance level", DefaultValueFactory = _ => 0.01 };
        var level = new Option<string>("--level") { Description = "auto (launches when a side has several, else iterations), launch, iteration", DefaultValueFactory = _ => "auto" };
        var output = new Option<string?>("--out") { Description = "also write the markdown table here (for a PR comment)" };
        var json = new Option<string?>("--json") { Description = "also write the verdicts as JSON here" };
        var store = new Option<string?>("--store-baseline") { Description = "when nothing regressed, add the current run's launches to this baseline store" };
        var keep = new Option<int>("--keep") { Description = "runs the baseline store keeps (newest)", DefaultValueFactory = _ => BaselineStore.DefaultKeep };
        var allowMissing = new Option<bool>("--allow-missing")
        {
            Description = "accept baseline cases absent from the current run (by default a vanished case fails with exit 1)",
        };
        var command = new Command("compare",
            "Compare two runs on time and energy; exit 1 on a regression, a baseline case missing from the current run or a case incomplete there")
        {
            runs, baselineOption, metrics, threshold, noise, alpha, level, output, json, store, keep, allowMissing,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var chosen = result.GetValue(metrics)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(GateMetric.Parse).Distinct().ToList();
            double significance = result.GetValue(alpha);
            if (significance is <= 0 or >= 1)
                throw new ArgumentException($"--alpha: {significance} is not between 0 and 1");
            var options = new GateOptions(chosen, GateThreshold.ParseList(result.GetValue(threshold)!, chosen, "--threshold"),
                result.GetValue(noise) is { } floor ? GateThreshold.ParseList(floor, chosen, "--noise") : new Dictionary<string, GateThreshold>(),
                significance, ParseLevel(result.GetValue(level)!), result.GetValue(allowMissing));
            var (baseName, currentName) = Runs(result.GetValue(runs)!, result.GetValue(baselineOption));
            var report = RegressionGate.Compare(baseName, Read(baseName), currentName, Read(currentName), options);
            string markdown = GateReportWriter.Markdown(report);
            Console.WriteLine(markdown);
            if (result.GetValue(output) is { } path)
                File.WriteAllText(path, markdown);
            if (result.GetValue(json) is { } jsonPath)
                File.WriteAllText(jsonPath, GateReportWriter.Json(report));
            if (report.UnusableReason is { } unusable)
                throw new ArgumentException($"{unusable} (see the lists above)");
            if (report.Outcome != GateOutcome.Pass)
                return Failed;
            if (result.GetValue(store) is { } directory)
                foreach (string added in BaselineStore.Add(currentName, directory, result.GetValue(keep)))
                    Console.WriteLine($"Baseline stored: {added}");
            return 0;
        }));
        return command;
    }

    private static (string Baseline, string Current) Runs(string[] positional, string? baseline) => (positional, baseline) switch
    {
        ([var b, var c], null) => (b, c),
        ([var c], { } b) => (b, c),
        ([_, _], not null) => throw new ArgumentException("compare: give the baseline either as the first run or as --baseline, not both"),
        _ => throw new ArgumentException("compare: give BASELINE CURRENT, or CURRENT with --baseline DIR"),
    };

    private static GateLevel ParseLevel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => GateLevel.Auto,
        "launch" => GateLevel.Launch,
        "iteration" => GateLevel.Iteration,
        _ => throw new ArgumentException($"--level: '{text}' is not auto, launch or iteration"),
    };

    /// <summary>The samples of a run; without samples files (meters off), the time from BenchmarkDotNet's full JSON reports.</summary>
    private static IReadOnlyList<SampleRow> Read(string path)
    {
        var rows = SamplesReader.Has(path) ? SamplesReader.Read(SamplesReader.Find(path))
            : ReportJsonReader.Find(path) is { Count: > 0 } reports ? ReportJsonReader.Read(reports)
            : SamplesReader.Read(SamplesReader.Find(path)); // names what is missing
        return rows.Count > 0 ? rows : throw new SamplesFormatException($"{path}: no samples (did every benchmark fail?)");
    }
}
