using System.CommandLine;
using EnergyBench.Analysis.Gate;
using EnergyBench.Analysis.Samples;

namespace EnergyBench.Cli;

/// <summary>
/// <c>compare</c>: the regression gate. Exit code 0 when nothing regressed, 1 when any case got slower or costlier
/// beyond the threshold, 2 when the input cannot be used.
/// </summary>
public static class CompareCommand
{
    public const int Regression = 1;

    public static Command Create()
    {
        var baseline = new Argument<string>("baseline") { Description = "the baseline run directory or samples file" };
        var current = new Argument<string>("current") { Description = "the run to check" };
        var metrics = new Option<string>("--metric") { Description = "time, energy, net-energy, energy-per-token (comma separated)", DefaultValueFactory = _ => "time,energy" };
        var threshold = new Option<string>("--threshold") { Description = "5%, 10ms, 2J, or per metric time=5%,energy=3%", DefaultValueFactory = _ => "5%" };
        var noise = new Option<string?>("--noise") { Description = "absolute floor per metric, e.g. time=20ms,energy=0.5J" };
        var alpha = new Option<double>("--alpha") { Description = "significance level", DefaultValueFactory = _ => 0.01 };
        var output = new Option<string?>("--out") { Description = "also write the markdown table here (for a PR comment)" };
        var json = new Option<string?>("--json") { Description = "also write the verdicts as JSON here" };
        var store = new Option<string?>("--store-baseline") { Description = "when nothing regressed, copy the current run's samples here as the next baseline" };
        var command = new Command("compare", "Compare two runs on time and energy; exit 1 on a regression")
        {
            baseline, current, metrics, threshold, noise, alpha, output, json, store,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var chosen = result.GetValue(metrics)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(GateMetric.Parse).Distinct().ToList();
            double level = result.GetValue(alpha);
            if (level is <= 0 or >= 1)
                throw new ArgumentException($"--alpha: {level} is not between 0 and 1");
            var options = new GateOptions(chosen, GateThreshold.ParseList(result.GetValue(threshold)!, chosen, "--threshold"),
                result.GetValue(noise) is { } floor ? GateThreshold.ParseList(floor, chosen, "--noise") : new Dictionary<string, GateThreshold>(), level);
            string baseName = result.GetValue(baseline)!, currentName = result.GetValue(current)!;
            var report = RegressionGate.Compare(baseName, Read(baseName), currentName, Read(currentName), options);
            string markdown = GateReportWriter.Markdown(report);
            Console.WriteLine(markdown);
            if (result.GetValue(output) is { } path)
                File.WriteAllText(path, markdown);
            if (result.GetValue(json) is { } jsonPath)
                File.WriteAllText(jsonPath, GateReportWriter.Json(report));
            if (report.Results.Count == 0)
                throw new ArgumentException("the two runs have no benchmark case in common (see the lists above)");
            if (report.Regressed)
                return Regression;
            if (result.GetValue(store) is { } directory)
                StoreBaseline(currentName, directory);
            return 0;
        }));
        return command;
    }

    /// <summary>Replaces the samples files (or, without meters, the full JSON reports) in <paramref name="directory"/> with the run's.</summary>
    public static void StoreBaseline(string run, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (string old in Directory.EnumerateFiles(directory, "*-samples.csv").Concat(Directory.EnumerateFiles(directory, "*-report-full.json")))
            File.Delete(old);
        var files = SamplesReader.Has(run) ? SamplesReader.Find(run) : ReportJsonReader.Find(run);
        foreach (string file in files)
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        Console.WriteLine($"Baseline stored in {directory}");
    }

    /// <summary>The samples of a run; without samples files (meters off), the time from BenchmarkDotNet's full JSON reports.</summary>
    private static IReadOnlyList<SampleRow> Read(string path)
    {
        var rows = SamplesReader.Has(path) ? SamplesReader.Read(SamplesReader.Find(path))
            : ReportJsonReader.Find(path) is { Count: > 0 } reports ? ReportJsonReader.Read(reports)
            : SamplesReader.Read(SamplesReader.Find(path)); // names what is missing
        return rows.Count > 0 ? rows : throw new SamplesFormatException($"{path}: no samples (did every benchmark fail?)");
    }
}
