using EnergyBench.Analysis.Samples;
using System.Globalization;
using System.Text.Json;
using EnergyBench.Benchmarks;
using EnergyBench.Inference.Engines;
using EnergyBench.Models.Serving;

namespace EnergyBench.Tests;

/// <summary>
/// A real, short BenchmarkDotNet run of every configuration this machine can run, as `./run.sh bench` does it, with the energy diagnoser
/// reading a fake RAPL tree that the test advances at a constant 25 W.
/// </summary>
public class BenchmarkRunTests(TestModel model) : IClassFixture<TestModel>
{
    private const double Watts = 25;

    [Fact]
    public void A_short_run_writes_every_report_with_token_energy_and_usage_columns_and_the_samples_file()
    {
        using var rapl = new FakePowercapTree();
        rapl.AddZone("intel-rapl:0", "package-0", 0);
        rapl.AddZone("intel-rapl:0:0", "core", 0);
        // Its own folder: the other tests of this class write runs beside it, and the analysis reads a folder recursively.
        string run = Path.Combine(model.ArtifactsPath, "full");
        AppProcess.Result result;
        // Each iteration is stretched to several sampling periods, so a late write of the fake counter (the machine
        // is busy with other test projects) is small against the window instead of a fifth of a 20 ms iteration.
        using (rapl.DrawPower("intel-rapl:0", Watts))
            result = AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath,
                "--max-new-tokens", "4", "--filter", "*", "--iterationCount", "3", "--warmupCount", "1",
                "--rapl-root", rapl.Root, "--idle", "0.5s", "--artifacts", run],
                new Dictionary<string, string> { ["BENCH_TEST_DELAY_MS"] = "400" });
        Assert.True(result.ExitCode == 0, result.Output[^Math.Min(4000, result.Output.Length)..] + result.Error);
        Assert.Contains("CPU energy: RAPL package-0", result.Output);
        Assert.Contains("skipped onnx-cuda (OnnxCuda): unavailable: ", result.Output);

        string results = Path.Combine(run, "results");
        var shortNames = new Dictionary<string, string> { ["TorchCpu"] = "torch-cpu", ["JitCpu"] = "jit-cpu", ["OnnxCpu"] = "onnx-cpu" };
        foreach (var (configuration, shortName) in shortNames)
        {
            string prefix = Path.Combine(results, $"EnergyBench.Benchmarks.{configuration}-report");
            foreach (string suffix in new[] { "-github.md", ".html", ".csv", "-full.json" })
                Assert.True(File.Exists(prefix + suffix), prefix + suffix);

            // 3 prompts x 4 new tokens in each measured iteration.
            var csv = File.ReadAllLines(prefix + ".csv");
            var header = CsvFields(csv[0]);
            var row = CsvFields(csv[1]);
            string Cell(string column) => row[Array.IndexOf(header, column)];
            Assert.Equal("12", Cell("Tokens/iter"));
            Assert.True(double.Parse(Cell("Tokens/s"), CultureInfo.InvariantCulture) > 0);
            Assert.Matches("^[1-9][0-9]*$", Cell("Threads"));
            Assert.Equal("fp32", Cell("Precision"));
            // The engines time their forward calls; the test delay sleeps outside them, so some of every iteration is not forward.
            double nonForwardShare = double.Parse(Cell("Non-forward"), CultureInfo.InvariantCulture);
            Assert.True(nonForwardShare is > 0 and <= 1, $"non-forward share {nonForwardShare}");
            // The guard compares all 3 prompts with torch-cpu, the reference.
            Assert.Equal(configuration == "TorchCpu" ? "reference" : "3/3", Cell("Agreement"));
            // Energy from the counter (no "(est.)" label), at the power the fake tree draws.
            Assert.Equal(Watts, double.Parse(Cell("Power [W]"), CultureInfo.InvariantCulture), Watts * 0.1);
            Assert.True(double.Parse(Cell("CPU [J]"), CultureInfo.InvariantCulture) > 0);
            Assert.Equal(Cell("CPU [J]"), Cell("CPU+GPU [J]"));
            Assert.Equal("n/a", Cell("GPU [J]"));
            Assert.Equal("n/a", Cell("Wall [J]"));
            Assert.InRange(double.Parse(Cell("CPU %"), CultureInfo.InvariantCulture), 0, 100);
            Assert.True(double.Parse(Cell("Peak RSS [MiB]"), CultureInfo.InvariantCulture) > 10);
            string markdown = File.ReadAllText(prefix + "-github.md");
            Assert.Contains("J/token", markdown);
            // The model's architecture and weights, then the engine's settings, in the environment section.
            Assert.Contains($"{shortName}: architecture=gpt2, weights=synthetic (gpt2-test, seed 1234), engine=", markdown);
            Assert.Contains("GPU [J]", File.ReadAllText(prefix + ".html"));

            using var json = JsonDocument.Parse(File.ReadAllText(prefix + "-full.json"));
            var benchmark = json.RootElement.GetProperty("Benchmarks")[0];
            Assert.Equal(3, benchmark.GetProperty("Measurements").EnumerateArray()
                .Count(m => m.GetProperty("IterationMode").GetString() == "Workload" && m.GetProperty("IterationStage").GetString() == "Actual"));
            // MemoryDiagnoser: the managed bytes of one iteration (each prompt's session holds a logits buffer, so never 0).
            Assert.True(benchmark.GetProperty("Memory").GetProperty("BytesAllocatedPerOperation").GetInt64() > 0);
            Assert.Contains("Allocated", header);
            var metrics = benchmark.GetProperty("Metrics").EnumerateArray()
                .ToDictionary(m => m.GetProperty("Descriptor").GetProperty("Id").GetString()!, m => m.GetProperty("Value").GetDouble());
            double stageEnergy = metrics["EnergyBench.actual_stage_energy_j"];
            double stageSeconds = metrics["EnergyBench.actual_stage_time_s"];

            // The samples file: 3 iterations, counter provenance. Their energies and the bracketed stage total (which
            // also holds the work between iterations) both come out at the power the tree draws.
            var samples = File.ReadAllLines(Path.Combine(results, $"EnergyBench.Benchmarks.{configuration}-samples.csv"));
            Assert.Equal("model,configuration,iteration,metric,value,unit,source", samples[0]);
            var rows = samples.Skip(1).Select(CsvFields).ToList();
            var global = rows.Where(r => r[3] == "global_energy_j").ToList();
            Assert.Equal(3, global.Count);
            Assert.All(global, r => Assert.Equal("counter", r[6]));
            Assert.All(rows, r => Assert.Equal(shortName, r[1]));
            var agreement = rows.Where(r => r[3] == "output_agreement").ToList();
            Assert.Equal(configuration == "TorchCpu" ? 0 : 3, agreement.Count);
            Assert.All(agreement, r => Assert.Equal(["1", "share", "guard"], r[4..]));
            double iterationEnergy = global.Sum(r => double.Parse(r[4], CultureInfo.InvariantCulture));
            double iterationSeconds = rows.Where(r => r[3] == "time_s").Sum(r => double.Parse(r[4], CultureInfo.InvariantCulture));
            Assert.True(iterationEnergy <= stageEnergy, $"{iterationEnergy} J in the iterations, {stageEnergy} J in the stage");
            Assert.Equal(Watts, iterationEnergy / iterationSeconds, Watts * 0.1);
            Assert.Equal(Watts, stageEnergy / stageSeconds, Watts * 0.1);
            Assert.Equal(metrics["EnergyBench.cpu_energy_j"] * 3, iterationEnergy, 1e-6 * iterationEnergy);
            Assert.Contains(rows, r => r[3] == "net_energy_j");
            // Each iteration's share outside the forward calls, from the benchmark process's clock.
            var nonForward = rows.Where(r => r[3] == "non_forward_share").ToList();
            Assert.Equal(3, nonForward.Count);
            Assert.All(nonForward, r => Assert.InRange(double.Parse(r[4], CultureInfo.InvariantCulture), 0, 1));
            Assert.All(nonForward, r => Assert.Equal(["share", "clock"], r[5..]));
            Assert.DoesNotContain(rows, r => r[3] == "gpu_energy_j");
            // The engine's runtime baseline (its runtime_rss_bytes setting) travels with every iteration, in MiB.
            var runtime = rows.Where(r => r[3] == "runtime_rss_mib").ToList();
            Assert.Equal(3, runtime.Count);
            Assert.All(runtime, r => Assert.True(double.Parse(r[4], CultureInfo.InvariantCulture) > 0, string.Join(",", r)));
        }
        Assert.Contains("Reports: ", result.Output);

        // The analysis of that run, as `./run.sh analyze` does it.
        string output = Path.Combine(run, "analysis-out");
        var analysis = AppProcess.Run(["analyze", run, "--out", output, "--test", "both"]);
        Assert.True(analysis.ExitCode == 0, analysis.Output + analysis.Error);
        Assert.Contains($"Analysis: {Path.Combine(output, "analysis.html")}", analysis.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "analysis.json")));
        Assert.Equal(["torch-cpu", "jit-cpu", "onnx-cpu"], report.RootElement.GetProperty("configurations").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, report.RootElement.GetProperty("models")[0].GetProperty("size_category").GetInt32());
        var energy = report.RootElement.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "global_energy_j");
        Assert.Equal(3, energy.GetProperty("descriptive").GetArrayLength());
        Assert.Equal(6, energy.GetProperty("posthoc").GetArrayLength()); // Games-Howell and Dunn, 3 pairs each
        Assert.True(File.Exists(Path.Combine(output, "plots", "box-category1-global_energy_j.png")));
        string analysisMarkdown = File.ReadAllText(Path.Combine(output, "analysis.md"));
        Assert.Contains("## Medians by model size category", analysisMarkdown);
        Assert.Contains(": architecture=gpt2, weights=synthetic (gpt2-test, seed 1234), engine=", analysisMarkdown); // the environment of the run
        Assert.Contains("../analysis.html", File.ReadAllText(Path.Combine(results, "EnergyBench.Benchmarks.TorchCpu-report.html")));
    }

    [Fact]
    public void Cases_that_differ_only_in_a_parameter_get_their_own_samples_label_and_extra_launches_are_named()
    {
        var result = AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath, "--max-new-tokens", "2",
            "--threads", "1,2", "--filter", "*OnnxCpu*", "--iterationCount", "2", "--warmupCount", "0", "--idle", "0.2s", "--launchCount", "2",
            "--artifacts", Path.Combine(model.ArtifactsPath, "threads")]);
        Assert.True(result.ExitCode == 0, result.Output[^Math.Min(3000, result.Output.Length)..] + result.Error);
        // Two launches: the energy covers the last one only, and the run says so.
        Assert.Contains("2 launches: the energy and resource columns and the samples come from the last launch only", result.Output);
        var samples = File.ReadAllLines(Path.Combine(model.ArtifactsPath, "threads", "results", "EnergyBench.Benchmarks.OnnxCpu-samples.csv"));
        var labels = samples.Skip(1).Select(line => CsvFields(line)[1]).Distinct().Order().ToList();
        Assert.Equal(["onnx-cpu (Threads=1)", "onnx-cpu (Threads=2)"], labels);
    }

    [Fact]
    public void A_batch_size_is_a_parameter_whose_cases_do_the_same_work_and_report_their_rows_agreement()
    {
        string run = Path.Combine(model.ArtifactsPath, "batch");
        var result = AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath, "--max-new-tokens", "2",
            "--batch-size", "1,2", "--filter", "*OnnxCpu*", "--iterationCount", "2", "--warmupCount", "0", "--no-meters",
            "--artifacts", run]);
        Assert.True(result.ExitCode == 0, result.Output[^Math.Min(3000, result.Output.Length)..] + result.Error);
        // The first group of 2 prompts, generated batched and alone.
        Assert.Contains("batch_agreement=2/2", result.Output);
        var csv = File.ReadAllLines(Path.Combine(run, "results", "EnergyBench.Benchmarks.OnnxCpu-report.csv"));
        var header = CsvFields(csv[0]);
        var rows = csv.Skip(1).Select(CsvFields).ToList();
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        Assert.Equal(["1", "2"], rows.Select(r => Cell(r, "BatchSize")).Order());
        // 3 prompts x 2 new tokens at either size: a group of 2, then a group of 1.
        Assert.All(rows, row => Assert.Equal("6", Cell(row, "Tokens/iter")));
    }

    [Fact]
    public void Stop_policies_are_a_parameter_whose_tokens_count_up_to_each_stop_and_the_analysis_compares_them_with_fixed()
    {
        const int newTokens = 16;
        using var rapl = new FakePowercapTree();
        rapl.AddZone("intel-rapl:0", "package-0", 0);
        string run = Path.Combine(model.ArtifactsPath, "stop");
        AppProcess.Result result;
        using (rapl.DrawPower("intel-rapl:0", Watts))
            result = AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath, "--max-new-tokens", $"{newTokens}",
                "--stop", "fixed,code", "--filter", "*OnnxCpu*", "--iterationCount", "2", "--warmupCount", "0", "--idle", "0.2s",
                "--rapl-root", rapl.Root, "--artifacts", run]);
        Assert.True(result.ExitCode == 0, result.Output[^Math.Min(3000, result.Output.Length)..] + result.Error);
        // The guard's reference stopped under the same policy: the common prefix and the stopping points agree.
        Assert.Contains("output-equivalence guard: 3/3 prompts identical to torch-cpu (all tokens, 100 % required); stopping points agree in 3/3", result.Output);
        // One reference per policy: the host's files are keyed by it.
        Assert.Equal(2, Directory.GetFiles(Path.Combine(run, "guard")).Length);
        Assert.Contains("stop=code: at the end of the block or a stop sequence or end token ", result.Output);

        // What the code policy generates for the 3 prompts, here in the test's own process.
        var directory = Models.ModelDirectory.Resolve(model.ModelPath);
        var rule = Inference.Stopping.StopSetup.For(Inference.Stopping.StopPolicy.Code, directory).Rule;
        using var engine = EngineFactory.Create(ServingConfiguration.TorchCpu, directory, EngineOptions.Default);
        long codeTokens = ServingBenchmark.EncodePrompts(directory, model.PromptsPath)
            .Sum(prompt => (long)Inference.Generation.GreedyGenerator.Generate(engine, prompt, newTokens, rule).Length);
        Assert.InRange(codeTokens, 3, 3 * newTokens);

        var csv = File.ReadAllLines(Path.Combine(run, "results", "EnergyBench.Benchmarks.OnnxCpu-report.csv"));
        var header = CsvFields(csv[0]);
        var rows = csv.Skip(1).Select(CsvFields).ToDictionary(r => r[Array.IndexOf(header, "Stop")], r => r[Array.IndexOf(header, "Tokens/iter")]);
        Assert.Equal(new Dictionary<string, string> { ["fixed"] = $"{3 * newTokens}", ["code"] = $"{codeTokens}" }, rows);

        var analysis = AppProcess.Run(["analyze", run]);
        Assert.True(analysis.ExitCode == 0, analysis.Output + analysis.Error);
        string markdown = File.ReadAllText(Path.Combine(run, "analysis.md"));
        Assert.Contains("## Stopping", markdown);
        Assert.Contains($"| gpt2-test | onnx-cpu | fixed | {3 * newTokens} |", markdown);
        double saved = (3.0 * newTokens - codeTokens) / (3 * newTokens) * 100;
        Assert.Contains($"| gpt2-test | onnx-cpu | code | {codeTokens} |", markdown);
        Assert.Contains($" {saved.ToString("G4", CultureInfo.InvariantCulture)} % |", markdown);
    }

    [Fact]
    public void Jobs_from_the_command_line_get_ratio_columns_against_the_first_and_labels_of_their_own()
    {
        string run = Path.Combine(model.ArtifactsPath, "jobs");
        var result = AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath, "--max-new-tokens", "2",
            "--filter", "*OnnxCpu*", "--job", "plain", "--job", "slowed:BENCH_TEST_DELAY_MS=300", "--job", "unmetered:BENCH_METERS=off",
            "--iterationCount", "3", "--warmupCount", "0",
            "--idle", "0.2s", "--artifacts", run]);
        Assert.True(result.ExitCode == 0, result.Output[^Math.Min(3000, result.Output.Length)..] + result.Error);

        // The command-line iteration count reached both jobs, the first is the baseline of time and energy ratios.
        var lines = File.ReadAllLines(Path.Combine(run, "results", "EnergyBench.Benchmarks.OnnxCpu-report.csv"));
        var header = CsvFields(lines[0]);
        var rows = lines.Skip(1).Select(CsvFields).ToDictionary(r => r[Array.IndexOf(header, "Job")]);
        Assert.Equal(["plain", "slowed", "unmetered"], rows.Keys.Order());
        string Cell(string job, string column) => rows[job][Array.IndexOf(header, column)];
        Assert.All(rows.Keys, job => Assert.Equal("3", Cell(job, "IterationCount")));
        Assert.Equal("1.000", Cell("plain", "Energy Ratio"));
        Assert.True(double.Parse(Cell("slowed", "Ratio"), CultureInfo.InvariantCulture) > 1.5, lines[0] + "\n" + string.Join("\n", lines));
        Assert.True(double.Parse(Cell("slowed", "Energy Ratio"), CultureInfo.InvariantCulture) > 1, string.Join("\n", lines));
        // The job with BENCH_METERS=off ran unmeasured, as under --no-meters, and is the reference of the others' meter overhead.
        Assert.Equal("n/a", rows["unmetered"][Array.FindIndex(header, h => h.StartsWith("CPU [J]"))]);
        Assert.Equal("6", Cell("unmetered", "Tokens/iter")); // 3 prompts x 2 new tokens
        Assert.Equal("reference", Cell("unmetered", "Meter overhead"));
        Assert.All(new[] { "plain", "slowed" }, job => Assert.Matches(@"^[+-]\d+\.\d\d % \[[+-]\d+\.\d\d, [+-]\d+\.\d\d\]( noise)?$", Cell(job, "Meter overhead")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(run, "raw"), "*-iterations.log").Length); // none for the unmetered case

        var samples = File.ReadAllLines(Path.Combine(run, "results", "EnergyBench.Benchmarks.OnnxCpu-samples.csv"));
        var cases = samples.Skip(1).Select(line => (CsvFields(line)[0], CsvFields(line)[1])).Distinct().Order().ToList();
        Assert.Equal([("gpt2-test", "onnx-cpu (Job=plain)"), ("gpt2-test", "onnx-cpu (Job=slowed)")], cases);
        // BenchmarkDotNet's JSON reports (what a run without meters is compared by) name the same cases.
        var fromJson = ReportJsonReader.Read(ReportJsonReader.Find(run)).Select(r => (r.Model, r.Configuration)).Distinct().Order();
        Assert.Equal([.. cases, ("gpt2-test", "onnx-cpu (Job=unmetered)")], fromJson);
        // The gate matches cases by job: the run against itself compares both and passes.
        var gate = AppProcess.Run(["compare", run, run, "--metric", "time"]);
        Assert.True(gate.ExitCode == 0, gate.Output + gate.Error);
        Assert.Contains("| onnx-cpu (Job=slowed) | time |", gate.Output);
    }

    [Fact]
    public void Analyze_names_a_missing_input_in_one_line()
    {
        var result = AppProcess.Run(["analyze", "/nonexistent/run"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: /nonexistent/run: no such run directory or samples file", result.Error.Trim());
    }

    /// <summary>Splits a CSV line; BenchmarkDotNet quotes values that contain the separator (e.g. "1,234.5 ms").</summary>
    private static string[] CsvFields(string line) =>
        System.Text.RegularExpressions.Regex.Matches(line, "(?<=^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)")
            .Select(m => m.Value.Trim('"').Replace("\"\"", "\"")).ToArray();
}

/// <summary>
/// Two short real runs of the same cases, the second slowed through the test hook: the gate must pass the first
/// against itself and fail the second, naming the cases. The first run also shows the ratio columns.
/// </summary>
public class RegressionGateRunTests(TestModel model) : IClassFixture<TestModel>
{
    private AppProcess.Result Bench(string name, IDictionary<string, string>? environment = null) =>
        AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath, "--max-new-tokens", "2",
            "--filter", "*OnnxCpu*", "*TorchCpu*", "--join", "--baseline-config", "torch-cpu", "--iterationCount", "5", "--warmupCount", "0",
            "--idle", "0.2s", "--artifacts", Path.Combine(model.ArtifactsPath, name)], environment);

    [Fact]
    public void The_gate_passes_a_run_against_itself_and_fails_a_slowed_run()
    {
        var baseline = Bench("gate-base");
        Assert.True(baseline.ExitCode == 0, baseline.Output[^Math.Min(3000, baseline.Output.Length)..] + baseline.Error);
        var slowed = Bench("gate-slow", new Dictionary<string, string> { ["BENCH_TEST_DELAY_MS"] = "300" });
        Assert.True(slowed.ExitCode == 0, slowed.Output[^Math.Min(3000, slowed.Output.Length)..] + slowed.Error);
        string basePath = Path.Combine(model.ArtifactsPath, "gate-base"), slowPath = Path.Combine(model.ArtifactsPath, "gate-slow");

        var same = AppProcess.Run(["compare", basePath, basePath]);
        Assert.True(same.ExitCode == 0, same.Output + same.Error);
        var gate = AppProcess.Run(["compare", basePath, slowPath, "--metric", "time"]);
        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("| **Slower** |", gate.Output);
        Assert.Contains("onnx-cpu", gate.Output);
        Assert.Contains("torch-cpu", gate.Output);

        // Ratio columns against torch-cpu in the joined report: torch-cpu itself is 1, the other a number.
        string csv = Directory.EnumerateFiles(Path.Combine(basePath, "results"), "*-report.csv").Single();
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        int time = Array.IndexOf(header, "Time vs torch-cpu"), energy = Array.IndexOf(header, "Energy vs torch-cpu"), type = Array.IndexOf(header, "Type");
        Assert.True(time >= 0 && energy >= 0, lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(r => r.Length == header.Length).ToList();
        Assert.Equal("1.000", rows.Single(r => r[type] == "TorchCpu")[time]);
        Assert.Matches(@"^\d+\.\d{3}$", rows.Single(r => r[type] == "OnnxCpu")[energy]);
    }
}
