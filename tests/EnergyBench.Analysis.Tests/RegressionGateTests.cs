using EnergyBench.Analysis.Gate;
using EnergyBench.Analysis.Samples;

namespace EnergyBench.Analysis.Tests;

public class RegressionGateTests
{
    /// <summary>n iterations of time and energy around the given centres, with a fixed +-1 % spread.</summary>
    private static List<SampleRow> Run(double time, double energy, int n = 10, string configuration = "onnx-cpu", double scale = 1.0)
    {
        var rows = new List<SampleRow>();
        for (int i = 1; i <= n; i++)
        {
            double wobble = 1 + 0.01 * ((i * 7 % 10) - 4.5) / 4.5;
            rows.Add(new("gpt2-tiny", configuration, i, "time_s", time * wobble * scale, "s", "clock"));
            rows.Add(new("gpt2-tiny", configuration, i, "global_energy_j", energy * wobble * scale, "J", "counter"));
        }
        return rows;
    }

    private static GateReport Compare(IReadOnlyList<SampleRow> baseline, IReadOnlyList<SampleRow> current, GateOptions? options = null) =>
        RegressionGate.Compare("base", baseline, "current", current, options ?? GateOptions.Default);

    [Fact]
    public void A_ten_percent_slowdown_at_n_10_is_a_regression()
    {
        var report = Compare(Run(2.0, 18.0), Run(2.0, 18.0, scale: 1.10));
        Assert.True(report.Regressed);
        Assert.All(report.Results, r => Assert.Equal(GateVerdict.Slower, r.Verdict));
        Assert.Equal(1.10, report.Results[0].Ratio!.Value, 2);
        Assert.Equal(1.10, report.GeometricMeanRatio["time"], 2);
    }

    [Fact]
    public void A_one_percent_change_under_a_five_percent_threshold_is_the_same()
    {
        var report = Compare(Run(2.0, 18.0), Run(2.0, 18.0, scale: 1.01));
        Assert.False(report.Regressed);
        Assert.All(report.Results, r => Assert.Equal(GateVerdict.Same, r.Verdict));
    }

    [Fact]
    public void A_ten_percent_speed_up_is_faster_and_does_not_fail_the_gate()
    {
        var report = Compare(Run(2.0, 18.0), Run(2.0, 18.0, scale: 0.9));
        Assert.False(report.Regressed);
        Assert.All(report.Results, r => Assert.Equal(GateVerdict.Faster, r.Verdict));
    }

    [Fact]
    public void Thresholds_and_noise_floors_per_metric_apply()
    {
        var metrics = new[] { GateMetric.Time, GateMetric.Energy };
        var tight = GateOptions.Default with { Thresholds = GateThreshold.ParseList("time=0.5%,energy=20%", metrics, "--threshold") };
        var report = Compare(Run(2.0, 18.0), Run(2.0, 18.0, scale: 1.05), tight);
        Assert.Equal(GateVerdict.Slower, report.Results.Single(r => r.Metric == "time").Verdict);
        Assert.Equal(GateVerdict.Same, report.Results.Single(r => r.Metric == "energy").Verdict);

        // A 5 % slowdown of 2 s is 0.1 s; a 200 ms noise floor hides it even under a 0.5 % threshold.
        var floored = tight with { Noise = GateThreshold.ParseList("time=200ms,energy=1J", metrics, "--noise") };
        Assert.False(Compare(Run(2.0, 18.0), Run(2.0, 18.0, scale: 1.05), floored).Regressed);
    }

    [Fact]
    public void Threshold_syntax()
    {
        Assert.Equal(new GateThreshold(0.05, null), GateThreshold.Parse("5%", "s"));
        Assert.Equal(0.01, GateThreshold.Parse("10ms", "s").Absolute!.Value, 12);
        Assert.Equal(2.0, GateThreshold.Parse("2J", "J").Absolute);
        Assert.Equal(0.5, GateThreshold.Parse("500mJ", "J").Absolute!.Value, 12);
        Assert.Contains("neither a percentage", Assert.Throws<ArgumentException>(() => GateThreshold.Parse("2J", "s")).Message);
        Assert.Throws<ArgumentException>(() => GateThreshold.Parse("fast", "s"));
    }

    [Fact]
    public void Identical_values_with_ties_are_the_same()
    {
        var flat = Enumerable.Range(1, 10).Select(i => new SampleRow("m", "onnx-cpu", i, "time_s", 1.0, "s", "clock")).ToList();
        var options = GateOptions.Default with { Metrics = [GateMetric.Time] };
        Assert.Equal(GateVerdict.Same, Compare(flat, flat, options).Results.Single().Verdict);
    }

    [Fact]
    public void Too_few_iterations_missing_meters_and_invalid_outputs_are_unknown()
    {
        var report = Compare(Run(2.0, 18.0, n: 2), Run(2.0, 18.0, n: 2, scale: 2));
        Assert.All(report.Results, r => Assert.Equal(GateVerdict.Unknown, r.Verdict));
        Assert.Equal("fewer than 3 iterations (baseline 2, current 2)", report.Results[0].Reason);
        Assert.False(report.Regressed);

        var noEnergy = Run(2.0, 18.0).Where(r => r.Metric == "time_s").ToList();
        Assert.StartsWith("no global_energy_j samples in the current run", Compare(Run(2.0, 18.0), noEnergy).Results.Single(r => r.Metric == "energy").Reason);

        var invalid = Run(2.0, 18.0, scale: 1.5);
        invalid.Add(new SampleRow("gpt2-tiny", "onnx-cpu", 1, "output_agreement", 0.5, "share", "guard"));
        Assert.All(Compare(Run(2.0, 18.0), invalid).Results, r => Assert.Equal(GateVerdict.Unknown, r.Verdict));
    }

    /// <summary>One launch per centre, each 10 iterations with the same +-1 % spread; launches keep their own key.</summary>
    private static List<SampleRow> Launches(string side, params double[] centres) =>
        centres.SelectMany((centre, launch) => Run(centre, 9 * centre).Select(r => r with { Launch = $"{side}/run{launch + 1}" })).ToList();

    [Fact]
    public void Launch_to_launch_drift_is_not_a_regression_when_the_baseline_has_several_launches()
    {
        var options = GateOptions.Default with { Metrics = [GateMetric.Time] };
        // One baseline launch against one current launch 10 % slower: the iteration test calls it a regression...
        Assert.Equal(GateVerdict.Slower, Compare(Launches("base", 1.00), Launches("cur", 1.10), options).Results.Single().Verdict);
        // ...but the baseline's own launches spread as far, so against five of them it is within the noise.
        var result = Compare(Launches("base", 1.00, 1.12, 0.90, 1.05, 0.95), Launches("cur", 1.10), options).Results.Single();
        Assert.Equal(GateVerdict.Same, result.Verdict);
        Assert.Equal((5, 1, 50, 10), (result.BaselineLaunches, result.CurrentLaunches, result.BaselineCount, result.CurrentCount));
        Assert.Contains("t-test on launch medians, 5/1 launches, df 4", result.Reason);
        // Reference: R 4.2.2, t.test(1.10, c(1.00, 1.12, 0.90, 1.05, 0.95) + 0.0502, var.equal = TRUE, alternative = "greater")
        // with the margin 5 % of the baseline mean 1.004; the plain 0.05 margin gives p = 0.324743698258023 (checked below).
        Assert.Equal(1.004, result.BaselineCentre!.Value, 9);
        Assert.Equal(1.10 / 1.004, result.Ratio!.Value, 9);
    }

    [Fact]
    public void The_launch_test_matches_a_pooled_t_test()
    {
        // R 4.2.2: t.test(c, b + m, var.equal = TRUE, alternative = "greater"), and "less" against b - m.
        var one = LaunchTest.Perform([1.00, 1.12, 0.90, 1.05, 0.95], [1.10], 0.05);
        Assert.Equal(0.324743698258023, one.PSlower, 1e-12);
        Assert.Equal(0.902736977536681, one.PFaster, 1e-12);
        var three = LaunchTest.Perform([2.01, 2.05, 1.98], [2.30, 2.35, 2.28], 0.1);
        Assert.Equal(0.0012434582222977, three.PSlower, 1e-12);
        Assert.Equal(0.999916597399502, three.PFaster, 1e-12);
        Assert.Throws<ArgumentException>(() => LaunchTest.Perform([1.0], [1.1], 0.05));
    }

    [Fact]
    public void A_regression_beyond_the_launch_spread_is_slower_and_the_level_can_be_forced()
    {
        var options = GateOptions.Default with { Metrics = [GateMetric.Time] };
        var baseline = Launches("base", 2.01, 2.05, 1.98);
        var slowed = Launches("cur", 2.30, 2.35, 2.28);
        Assert.Equal(GateVerdict.Slower, Compare(baseline, slowed, options).Results.Single().Verdict);
        Assert.Equal(GateVerdict.Faster, Compare(slowed, baseline, options).Results.Single().Verdict);

        // Forced to launches with one launch a side, there is no variance to test with.
        var launchOnly = Compare(Launches("base", 1.0), Launches("cur", 1.5), options with { Level = GateLevel.Launch }).Results.Single();
        Assert.Equal(GateVerdict.Unknown, launchOnly.Verdict);
        Assert.Equal("a launch-level comparison needs 3 launches in all (baseline 1, current 1)", launchOnly.Reason);
        // Forced to iterations, the drifting launches are pooled and the 10 % launch looks significant again.
        var pooled = Compare(Launches("base", 1.00, 1.12, 0.90, 1.05, 0.95), Launches("cur", 1.30), options with { Level = GateLevel.Iteration });
        Assert.Contains("Mann-Whitney, 50/10 iterations", pooled.Results.Single().Reason);
    }

    [Fact]
    public void Single_launch_comparisons_carry_a_note_about_launch_drift()
    {
        Assert.Contains("Note: one launch per side", GateReportWriter.Markdown(Compare(Run(2.0, 18.0), Run(2.0, 18.0))));
        Assert.DoesNotContain("Note: one launch per side", GateReportWriter.Markdown(Compare(Launches("b", 2.0, 2.02, 1.98), Launches("c", 2.0))));
    }

    [Fact]
    public void Cases_on_one_side_only_are_listed()
    {
        var report = Compare([.. Run(2.0, 18.0), .. Run(7.0, 55.0, configuration: "torch-cpu")], [.. Run(2.0, 18.0), .. Run(7.0, 57.0, configuration: "jit-cpu")]);
        Assert.Equal(["gpt2-tiny torch-cpu"], report.OnlyInBaseline);
        Assert.Equal(["gpt2-tiny jit-cpu"], report.OnlyInCurrent);
        Assert.Contains("Only in the baseline (not compared): gpt2-tiny torch-cpu", GateReportWriter.Markdown(report));
        Assert.Equal(2, report.Results.Count);
    }

    [Fact]
    public void A_baseline_case_missing_from_the_current_run_fails_unless_allowed()
    {
        var report = Compare([.. Run(2.0, 18.0), .. Run(7.0, 55.0, configuration: "torch-cpu")], Run(2.0, 18.0));
        string markdown = GateReportWriter.Markdown(report);
        Assert.DoesNotContain("no regression", markdown);
        Assert.Contains("## Benchmark comparison: failed, 1 case(s) missing from or incomplete in the current run", markdown);
        Assert.Contains("- **Fails**: gpt2-tiny torch-cpu (the reference configuration): in the baseline, missing from the current run (--allow-missing accepts that)", markdown);
        Assert.Contains("\"verdict\": \"failed\"", GateReportWriter.Json(report));

        var allowed = Compare([.. Run(2.0, 18.0), .. Run(7.0, 55.0, configuration: "torch-cpu")], Run(2.0, 18.0), GateOptions.Default with { AllowMissing = true });
        Assert.Equal(GateOutcome.Pass, allowed.Outcome);
        Assert.Contains("no regression (1 baseline case(s) missing, accepted by --allow-missing)", GateReportWriter.Markdown(allowed));
    }

    [Fact]
    public void A_case_the_current_run_did_not_finish_is_never_the_same()
    {
        // Killed after 4 of 10 iterations, at the baseline's speed: what it measured looks the same, yet it is no pass.
        var killed = Run(2.0, 18.0, n: 4);
        for (int i = 1; i <= 4; i++)
        {
            killed.Add(new("gpt2-tiny", "onnx-cpu", i, CaseStatus.IncompleteMetric, 1, "flag", "run"));
            killed.Add(new("gpt2-tiny", "onnx-cpu", i, CaseStatus.PlannedMetric, 10, "count", "job"));
        }
        var report = Compare(Run(2.0, 18.0), killed);
        Assert.All(report.Results, r => Assert.Equal("Incomplete", r.Verdict.ToString()));
        Assert.StartsWith("incomplete, 4 of 10 iterations (its benchmark process did not finish) in the current run; no change beyond", report.Results[0].Reason);
        Assert.Equal(4, report.Results[0].CurrentCount);
        Assert.DoesNotContain("no regression", GateReportWriter.Markdown(report));

        // Killed before its first iteration: only the case-level rows at iteration 0, which are no iteration.
        List<SampleRow> before = [new("gpt2-tiny", "onnx-cpu", 0, CaseStatus.IncompleteMetric, 1, "flag", "run"), new("gpt2-tiny", "onnx-cpu", 0, CaseStatus.PlannedMetric, 10, "count", "job")];
        var none = Compare(Run(2.0, 18.0), before);
        Assert.All(none.Results, r => Assert.Equal((GateVerdict.Incomplete, 0), (r.Verdict, r.CurrentCount)));
        Assert.Equal(GateOutcome.Failed, none.Outcome);
        Assert.Contains("gpt2-tiny onnx-cpu: incomplete, 0 of 10 iterations (its benchmark process did not finish) in the current run", none.Failures);
    }

    [Fact]
    public void Runs_without_a_case_in_common_give_no_verdict()
    {
        var report = Compare(Run(2.0, 18.0), Run(7.0, 55.0, configuration: "torch-cpu"));
        string markdown = GateReportWriter.Markdown(report);
        Assert.Contains("## Benchmark comparison: could not be made", markdown);
        Assert.DoesNotContain("no regression", markdown);
        using var json = System.Text.Json.JsonDocument.Parse(GateReportWriter.Json(report));
        Assert.Equal("unusable", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("regressed").ValueKind);
        Assert.Equal(["the two runs have no benchmark case in common"], json.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Other_processes_cpu_use_is_noted_per_side()
    {
        var busy = Run(2.0, 18.0);
        busy.AddRange(Enumerable.Range(1, 10).Select(i => new SampleRow("gpt2-tiny", "onnx-cpu", i, CaseStatus.ForeignCpuMetric, 40, "%", "proc")));
        var report = Compare(Run(2.0, 18.0), busy);
        Assert.Contains("- Note: current run: gpt2-tiny onnx-cpu: other processes used 40 % of the CPU during its iterations (median); its energy includes theirs",
            GateReportWriter.Markdown(report));
        Assert.Equal(2, report.Results.Count); // a diagnostic, not a compared metric
    }
}

public sealed class ReportJsonReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("energybench-json-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Benchmark(string type, string parameters, params double[] seconds) => Benchmark(type, parameters, "Monitoring", 1, seconds);

    private static string Benchmark(string type, string parameters, string job, int launches, params double[] seconds) =>
        $$"""{"DisplayInfo":"{{type}}.Generate: {{job}}(IterationCount={{seconds.Length}}) [{{parameters}}]","Type":"{{type}}","Method":"Generate","Parameters":"{{parameters}}","Measurements":[""" +
        string.Join(",", Enumerable.Range(1, launches).SelectMany(launch => seconds.Select((s, i) =>
            $$"""{"IterationMode":"Workload","IterationStage":"Actual","LaunchIndex":{{launch}},"IterationIndex":{{i + 1}},"Operations":1,"Nanoseconds":{{s * launch * 1e9}}}"""))) + "]}";

    [Fact]
    public void Launches_and_jobs_of_a_report_are_kept_apart()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "run", "results"));
        string path = Path.Combine(_directory, "run", "results", "run-report-full.json");
        File.WriteAllText(path, "{\"Title\":\"t\",\"Benchmarks\":[" + string.Join(",",
            Benchmark("OnnxCpu", "Model=/m/gpt2-tiny", "base", 3, 1.0, 1.1),
            Benchmark("OnnxCpu", "Model=/m/gpt2-tiny", "pgo-off", 3, 2.0, 2.1)) + "]}");

        var rows = ReportJsonReader.Read([path]);

        string run = Path.Combine(_directory, "run");
        Assert.Equal(["onnx-cpu (Job=base)", "onnx-cpu (Job=pgo-off)"], rows.Select(r => r.Configuration).Distinct().Order());
        Assert.Equal([run + "#1", run + "#2", run + "#3"], rows.Select(r => r.Launch).Distinct().Order());
        Assert.Equal("Monitoring", ReportJsonReader.JobOf("OnnxCpu.Generate: Monitoring(IterationCount=10, LaunchCount=1) [Model=gpt2-tiny]"));
        Assert.Equal("Job-ABC", ReportJsonReader.JobOf("OnnxCpu.Generate: Job-ABC [Model=gpt2-tiny]"));
    }

    [Fact]
    public void Times_come_from_the_actual_workload_iterations_labelled_like_the_samples()
    {
        string path = Path.Combine(_directory, "run-report-full.json");
        File.WriteAllText(path, "{\"Title\":\"t\",\"Benchmarks\":[" + string.Join(",",
            Benchmark("OnnxCpu", "Model=/m/gpt2-tiny&Threads=1", 1.0, 1.1, 0.9),
            Benchmark("OnnxCpu", "Model=/m/gpt2-tiny&Threads=2", 0.5, 0.6),
            Benchmark("TorchCpu", "Model=/m/gpt2-tiny&Threads=1", 2.0)) + "]}");

        var rows = ReportJsonReader.Read(ReportJsonReader.Find(_directory));

        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(("gpt2-tiny", "time_s", "s", "clock"), (r.Model, r.Metric, r.Unit, r.Source)));
        Assert.Equal([1.0, 1.1, 0.9], rows.Where(r => r.Configuration == "onnx-cpu (Threads=1)").Select(r => Math.Round(r.Value, 9)));
        Assert.Contains(rows, r => r.Configuration == "onnx-cpu (Threads=2)");
        Assert.Contains(rows, r => r.Configuration == "torch-cpu"); // only one torch case: no qualifier
    }

    [Fact]
    public void A_broken_report_is_named()
    {
        string path = Path.Combine(_directory, "bad-report-full.json");
        File.WriteAllText(path, "{ not json");
        Assert.StartsWith($"{path}: not valid JSON", Assert.Throws<SamplesFormatException>(() => ReportJsonReader.Read([path])).Message);
    }
}
