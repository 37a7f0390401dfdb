using System.Text.Json;
using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Tables;

namespace EnergyBench.Analysis.Tests;

public sealed class AnalysisTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "energybench-analysis-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private RunAnalysis Analyse(AnalysisOptions? options = null, params string[] files) =>
        RunAnalysis.Of(files, SamplesReader.Read(files), options ?? new AnalysisOptions());

    [Fact]
    public void The_rule_picks_kruskal_wallis_when_a_configuration_is_not_normal_and_reports_savings_against_the_baseline()
    {
        var analysis = Analyse(null, SyntheticSamples.Write(_directory));
        var energy = analysis.Metrics.Single(m => m.Metric == "global_energy_j");

        Assert.Equal(["torch-cpu", "jit-cpu", "onnx-cpu"], analysis.Configurations);
        Assert.Equal("kruskal", energy.Decision);
        Assert.Equal("Kruskal-Wallis", energy.Omnibus!.Test);
        Assert.Equal("Welch ANOVA", energy.Alternative!.Test);
        Assert.True(energy.Omnibus.P < 0.001);
        Assert.All(energy.Posthoc, p => Assert.Equal("Dunn", p.Test));
        Assert.Equal(3, energy.Posthoc.Count);
        // Medians: torch 61, jit 59, onnx 21 -> savings against torch-cpu.
        var savings = energy.Savings.ToDictionary(s => s.Configuration, s => s.Percent);
        Assert.Equal((61.0 - 59.0) / 61.0 * 100, savings["jit-cpu"], 9);
        Assert.Equal((61.0 - 21.0) / 61.0 * 100, savings["onnx-cpu"], 9);
        Assert.DoesNotContain(analysis.Metrics, m => m.Metric is "model_parameters" or "output_agreement");
        Assert.Equal(1, analysis.Models.Single().SizeCategory);
    }

    [Fact]
    public void Forcing_both_tests_reports_both_post_hocs()
    {
        var analysis = Analyse(new AnalysisOptions(TestChoice.Both), SyntheticSamples.Write(_directory));
        var energy = analysis.Metrics.Single(m => m.Metric == "global_energy_j");
        Assert.Equal(3, energy.Posthoc.Count(p => p.Test == "Games-Howell"));
        Assert.Equal(3, energy.Posthoc.Count(p => p.Test == "Dunn"));
        Assert.Equal("welch", Analyse(new AnalysisOptions(TestChoice.Welch), SyntheticSamples.Write(_directory)).Metrics[0].Decision);
    }

    [Fact]
    public void A_configuration_with_other_outputs_is_warned_about()
    {
        var analysis = Analyse(null, SyntheticSamples.Write(_directory, onnxAgreement: 0.75));
        Assert.Contains("gpt2-tiny onnx-cpu: only 75 % of the guard's prompts generated the reference's tokens; its results measure different work", analysis.Warnings);
    }

    [Fact]
    public void Size_category_tables_pool_models_by_category_and_mark_the_best()
    {
        string small = SyntheticSamples.Write(Path.Combine(_directory, "a"), "small", 100_000_000);
        string large = SyntheticSamples.Write(Path.Combine(_directory, "b"), "large", 2_000_000_000);
        var analysis = Analyse(null, small, large);
        var table = SizeCategoryTable.Of(analysis, "global_energy_j")!;
        Assert.Equal(["1", "3", "all"], table.Rows.Select(r => r.Category));
        Assert.All(table.Rows, r => Assert.Equal(2, r.Best)); // onnx-cpu
        Assert.Equal(61.0, table.Rows[0].Medians[0]!.Value, 9);
        Assert.Null(SizeCategoryTable.Of(analysis, "gpu_energy_j"));
    }

    [Fact]
    public void Bad_lines_name_the_file_and_line()
    {
        string path = SyntheticSamples.Write(_directory);
        File.AppendAllText(path, "gpt2-tiny,onnx-cpu,3,time_s,fast,s,clock\n");
        var error = Assert.Throws<SamplesFormatException>(() => SamplesReader.Read(path));
        Assert.Equal($"{path}:{File.ReadAllLines(path).Length}: value 'fast' is not a finite number", error.Message);

        File.WriteAllText(path, "a,b\n");
        Assert.StartsWith($"{path}:1: not a samples file", Assert.Throws<SamplesFormatException>(() => SamplesReader.Read(path)).Message);
        string empty = Directory.CreateDirectory(Path.Combine(_directory, "empty")).FullName;
        Assert.Contains("no *-samples.csv", Assert.Throws<FileNotFoundException>(() => SamplesReader.Find(empty)).Message);
    }

    [Fact]
    public void Quoted_model_paths_with_commas_are_read()
    {
        string path = Path.Combine(_directory, "q-samples.csv");
        Directory.CreateDirectory(_directory);
        File.WriteAllText(path, "model,configuration,iteration,metric,value,unit,source\n\"/m/a,b \"\"x\"\"\",onnx-cpu,1,time_s,1.5,s,clock\n");
        Assert.Equal("/m/a,b \"x\"", SamplesReader.Read(path).Single().Model);
    }

    [Fact]
    public void The_runner_writes_every_output_and_the_json_follows_the_documented_schema()
    {
        SyntheticSamples.Write(Path.Combine(_directory, "results"), phases: true);
        var outputs = AnalysisRunner.Run(_directory, null, new AnalysisOptions());

        Assert.All([outputs.Markdown, outputs.Html, outputs.Json], f => Assert.True(File.Exists(f), f));
        Assert.Contains(outputs.Plots, p => p.Name == "box-gpt2-tiny-global_energy_j");
        Assert.Contains(outputs.Plots, p => p.Name == "box-category1-time_s");
        Assert.Contains(outputs.Plots, p => p.Name == "scatter-gpt2-tiny-time-energy");
        Assert.Contains(outputs.Plots, p => p.Name == "bars-energy-per-token");
        Assert.Contains(outputs.Plots, p => p.Name == "stacked-phases");
        Assert.All(outputs.Plots, p => Assert.True(new FileInfo(p.PngPath).Length > 5000 && File.ReadAllText(p.SvgPath).Contains("<svg"), p.Name));
        string html = File.ReadAllText(outputs.Html);
        Assert.Contains("data:image/png;base64,", html); // self-contained
        Assert.DoesNotContain("NaN", File.ReadAllText(outputs.Json));

        string golden = Path.Combine(AppContext.BaseDirectory, "Golden", "analysis-schema.txt");
        var expected = File.ReadAllLines(golden).Where(l => l.Length > 0 && !l.StartsWith('#'));
        using var json = JsonDocument.Parse(File.ReadAllText(outputs.Json));
        var actual = JsonPaths(json.RootElement, "").Distinct().Order(StringComparer.Ordinal).ToList();
        if (Environment.GetEnvironmentVariable("BENCH_UPDATE_GOLDEN") is { Length: > 0 } update)
            File.WriteAllLines(update, actual);
        Assert.Equal(expected, actual);
    }

    /// <summary>Every property path of a JSON document, arrays written as [], e.g. metrics[].omnibus.df1.</summary>
    private static IEnumerable<string> JsonPaths(JsonElement element, string prefix) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            JsonPaths(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}").Prepend(prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => JsonPaths(e, prefix + "[]")),
        _ => [],
    };
}
