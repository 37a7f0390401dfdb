using System.Globalization;
using System.Text.Json;
using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Tables;

namespace EnergyBench.Analysis.Tests;

/// <summary>Cases whose benchmark process did not finish, cases the analysis expects but cannot find, and the CPU other processes took.</summary>
public sealed class CaseStatusTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "energybench-cases-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private static string Row(string configuration, int iteration, string metric, double value, string unit, string source, string model = "gpt2-tiny") =>
        string.Create(CultureInfo.InvariantCulture, $"{model},{configuration},{iteration},{metric},{value:R},{unit},{source}");

    /// <summary>
    /// The synthetic run with torch-cpu killed after 2 of 10 iterations and onnx-cpu killed before its first one (only
    /// the case-level rows at iteration 0), as the benchmark writes them.
    /// </summary>
    private string KilledRun()
    {
        string path = SyntheticSamples.Write(Path.Combine(_directory, "results"));
        var lines = File.ReadAllLines(path).Where(line =>
        {
            var f = line.Split(',');
            return f[0] == "model" || f[1] == "jit-cpu" || (f[1] == "torch-cpu" && int.Parse(f[2], CultureInfo.InvariantCulture) <= 2);
        }).ToList();
        foreach (string configuration in new[] { "torch-cpu", "jit-cpu" })
            for (int i = 1; i <= (configuration == "torch-cpu" ? 2 : 10); i++)
            {
                lines.Add(Row(configuration, i, CaseStatus.PlannedMetric, 10, "count", "job"));
                if (configuration == "torch-cpu")
                    lines.Add(Row(configuration, i, CaseStatus.IncompleteMetric, 1, "flag", "run"));
            }
        lines.Add(Row("onnx-cpu", 0, CaseStatus.IncompleteMetric, 1, "flag", "run"));
        lines.Add(Row("onnx-cpu", 0, CaseStatus.PlannedMetric, 10, "count", "job"));
        lines.Add(Row("onnx-cpu", 0, RunAnalysis.ParametersMetric, 6_534_208, "count", "config"));
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Incomplete_cases_are_named_everywhere_and_iteration_0_rows_are_no_iteration()
    {
        KilledRun();
        var outputs = AnalysisRunner.Run(_directory, null, new AnalysisOptions());
        var analysis = RunAnalysis.Of([_directory], SamplesReader.Read(SamplesReader.Find(_directory)), new AnalysisOptions());

        // The case-level rows are no metric, and the iteration-0 rows measure nothing.
        Assert.DoesNotContain(analysis.Metrics, m => m.Metric is CaseStatus.IncompleteMetric or CaseStatus.PlannedMetric);
        var energy = analysis.Metrics.Single(m => m.Metric == "global_energy_j");
        Assert.Equal(["torch-cpu", "jit-cpu"], energy.Groups.Select(g => g.Configuration));
        Assert.Equal(2, energy.Groups[0].Descriptive.N);
        Assert.Null(SizeCategoryTable.Of(analysis, "global_energy_j")!.Rows[0].Medians[2]); // onnx-cpu measured nothing

        string baseline = "gpt2-tiny torch-cpu (baseline, guard reference): incomplete, 2 of 10 iterations (its benchmark process did not finish)";
        string killed = "gpt2-tiny onnx-cpu: incomplete, 0 of 10 iterations (its benchmark process did not finish); nothing of it to analyse";
        Assert.Contains(analysis.Warnings, w => w.StartsWith(baseline, StringComparison.Ordinal));
        Assert.Contains(killed, analysis.Warnings);
        Assert.Contains(outputs.Warnings, w => w.StartsWith(baseline, StringComparison.Ordinal));

        string markdown = File.ReadAllText(outputs.Markdown);
        Assert.Contains("- " + baseline, markdown);
        Assert.Contains("- " + killed, markdown);
        Assert.True(markdown.IndexOf(baseline, StringComparison.Ordinal) < markdown.IndexOf("## Findings", StringComparison.Ordinal), "warnings come before the findings");
        Assert.Contains("| torch-cpu (incomplete, 2 of 10 iterations) | 2 |", markdown);
        Assert.Contains("onnx-cpu: incomplete, 0 of 10 iterations", File.ReadAllText(outputs.Html));

        using var json = JsonDocument.Parse(File.ReadAllText(outputs.Json));
        var cases = json.RootElement.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("configuration").GetString()!, c => c);
        Assert.Equal("incomplete", cases["torch-cpu"].GetProperty("status").GetString());
        Assert.Equal(2, cases["torch-cpu"].GetProperty("iterations").GetInt32());
        Assert.Equal(10, cases["torch-cpu"].GetProperty("iterations_planned").GetInt32());
        Assert.Equal(["baseline", "guard reference"], cases["torch-cpu"].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(0, cases["onnx-cpu"].GetProperty("iterations").GetInt32());
        Assert.Equal("complete", cases["jit-cpu"].GetProperty("status").GetString());
    }

    [Fact]
    public void A_baseline_or_guard_reference_without_rows_is_named_as_missing()
    {
        string path = SyntheticSamples.Write(_directory);
        var lines = File.ReadAllLines(path).ToList();
        lines.AddRange(File.ReadAllLines(SyntheticSamples.Write(Path.Combine(_directory, "large"), "large", 2_000_000_000)).Skip(1).Where(l => !l.Contains(",torch-cpu,")));
        File.WriteAllLines(path, lines);

        var analysis = RunAnalysis.Of([path], SamplesReader.Read(path), new AnalysisOptions());
        Assert.Contains("large torch-cpu (baseline, guard reference): missing: no rows at all; no savings for large", analysis.Warnings);
        Assert.DoesNotContain(analysis.Warnings, w => w.StartsWith("gpt2-tiny torch-cpu", StringComparison.Ordinal));
        Assert.Empty(analysis.Metrics.Single(m => m.Model == "large" && m.Metric == "global_energy_j").Savings);

        // Without torch-cpu anywhere the default baseline falls back, and says so.
        File.WriteAllLines(path, File.ReadAllLines(path).Where(l => !l.Contains(",torch-cpu,")));
        var fallback = RunAnalysis.Of([path], SamplesReader.Read(path), new AnalysisOptions());
        Assert.Equal("jit-cpu", fallback.Baseline);
        Assert.Contains("torch-cpu, the default baseline, is not in the samples: savings are against jit-cpu instead (choose one with --baseline)", fallback.Warnings);
        Assert.Contains("gpt2-tiny torch-cpu (guard reference): missing: no rows at all", fallback.Warnings);
    }

    [Fact]
    public void Other_processes_cpu_use_above_5_percent_is_warned_about_but_kept_out_of_the_findings()
    {
        string path = SyntheticSamples.Write(Path.Combine(_directory, "results"));
        var lines = File.ReadAllLines(path).ToList();
        for (int i = 1; i <= 10; i++)
        {
            lines.Add(Row("onnx-cpu", i, CaseStatus.ForeignCpuMetric, 22 + i % 3, "%", "proc")); // median 23
            lines.Add(Row("torch-cpu", i, CaseStatus.ForeignCpuMetric, 1 + i % 3, "%", "proc"));
        }
        File.WriteAllLines(path, lines);

        var outputs = AnalysisRunner.Run(_directory, null, new AnalysisOptions());
        string warning = "gpt2-tiny onnx-cpu: other processes used 23 % of the CPU during its iterations (median); its energy includes theirs";
        Assert.Contains(warning, outputs.Warnings);
        Assert.DoesNotContain(outputs.Warnings, w => w.StartsWith("gpt2-tiny torch-cpu", StringComparison.Ordinal));
        string markdown = File.ReadAllText(outputs.Markdown);
        Assert.Contains("- " + warning, markdown);
        Assert.Contains("### CPU used by other processes [%]", markdown); // shown as a diagnostic ...
        string findings = markdown[markdown.IndexOf("## Findings", StringComparison.Ordinal)..markdown.IndexOf("## Medians", StringComparison.Ordinal)];
        Assert.DoesNotContain("other processes", findings, StringComparison.OrdinalIgnoreCase); // ... not a finding
        using var json = JsonDocument.Parse(File.ReadAllText(outputs.Json));
        var onnx = json.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("configuration").GetString() == "onnx-cpu");
        Assert.Equal(23, onnx.GetProperty("foreign_cpu_pct").GetDouble());
        var metric = json.RootElement.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == CaseStatus.ForeignCpuMetric);
        Assert.Equal(0, metric.GetProperty("savings_vs_baseline").GetArrayLength());
    }
}
