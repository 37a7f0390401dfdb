using System.Text.Json;
using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Reports;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Tables;

namespace EnergyBench.Analysis.Tests;

/// <summary>Impossible values are stopped at the reader with their file and line; whatever gets through never reaches the JSON as a string.</summary>
public sealed class SampleValueTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("energybench-values-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("time_s,-0.5,s,clock", "time_s -0.5 s is negative")]
    [InlineData("global_energy_j,1e308,J,counter", "global_energy_j 1E+308 J is beyond any measurement (magnitude above 1E+15)")]
    [InlineData("net_energy_j,-2e16,J,counter", "net_energy_j -2E+16 J is beyond any measurement")]
    [InlineData("tokens,-3,tokens,engine", "tokens -3 tokens is negative")]
    [InlineData("cpu_usage_pct,2500,%,proc", "cpu_usage_pct 2500 % is above 1000 %")]
    [InlineData("foreign_cpu_pct,-1,%,proc", "foreign_cpu_pct -1 % is negative")]
    [InlineData("output_agreement,1.5,share,guard", "output_agreement 1.5 is a share above 1")]
    [InlineData("case_incomplete,2,flag,run", "case_incomplete 2 is a flag other than 0 or 1")]
    public void Impossible_values_are_rejected_with_file_and_line(string tail, string problem)
    {
        string path = SyntheticSamples.Write(_directory);
        File.AppendAllText(path, $"gpt2-tiny,onnx-cpu,3,{tail}\n");
        var error = Assert.Throws<SamplesFormatException>(() => SamplesReader.Read(path));
        string location = $"{path}:{File.ReadAllLines(path).Length}: ";
        Assert.StartsWith(location, error.Message);
        Assert.StartsWith(problem, error.Message[location.Length..]);
    }

    [Theory]
    [InlineData("net_energy_j,-4.5,J,counter")] // gross minus idle: below zero when the case drew less than idle
    [InlineData("process_cpu_pct,106.6,%,proc")] // CPU ticks against a short window overshoot 100 % (seen in a real 50 ms iteration)
    [InlineData("time_s,0,s,clock")]
    public void Possible_values_are_read(string tail)
    {
        string path = SyntheticSamples.Write(_directory);
        File.AppendAllText(path, $"gpt2-tiny,onnx-cpu,3,{tail}\n");
        Assert.Contains(SamplesReader.Read(path), r => r.Metric == tail.Split(',')[0]);
    }

    /// <summary>Properties the schema gives as numbers (or null); every other leaf may be anything but a non-finite literal.</summary>
    private static readonly HashSet<string> NumberProperties =
    [
        "alpha", "parameters", "size_category", "medians", "n", "mean", "sd", "median", "q1", "q3", "iqr", "min", "max", "lower", "upper",
        "coverage", "w", "p", "statistic", "df1", "df2", "difference", "standard_error", "df", "p_adjusted", "omega_squared",
        "epsilon_squared", "a12", "saving_percent", "percent", "iterations", "iterations_planned", "foreign_cpu_pct",
    ];

    [Fact]
    public void The_json_of_an_analysis_never_holds_a_string_where_a_number_belongs()
    {
        // Values the reader would refuse, given to the analysis directly: SDs and means overflow to infinity.
        var rows = SamplesReader.Read(SyntheticSamples.Write(_directory))
            .Select(r => r.Metric == "global_energy_j" && r.Configuration == "jit-cpu" ? r with { Value = r.Value * 1e306 } : r).ToList();
        var analysis = RunAnalysis.Of(["memory"], rows, new AnalysisOptions());
        Assert.Contains(analysis.Metrics.SelectMany(m => m.Groups), g => double.IsInfinity(g.Descriptive.StandardDeviation)); // the case under test

        string text = AnalysisJson.Serialize(analysis, SizeCategoryTable.Of(analysis), RunContext.Empty);
        using var json = JsonDocument.Parse(text);
        var strings = Leaves(json.RootElement, "").Where(l => l.Value.ValueKind == JsonValueKind.String).ToList();
        Assert.DoesNotContain(strings, l => NumberProperties.Contains(l.Name));
        Assert.DoesNotContain(strings, l => l.Value.GetString() is "NaN" or "Infinity" or "-Infinity");
        Assert.All(Leaves(json.RootElement, "").Where(l => NumberProperties.Contains(l.Name)),
            l => Assert.True(l.Value.ValueKind is JsonValueKind.Number or JsonValueKind.Null, $"{l.Name}: {l.Value.ValueKind}"));
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("written as null"));
        Assert.DoesNotContain("Infinity", AnalysisMarkdown.Write(analysis, SizeCategoryTable.Of(analysis), RunContext.Empty, [], "plots"));
    }

    /// <summary>Every leaf value with the name of the property it belongs to (array items take their array's name).</summary>
    private static IEnumerable<(string Name, JsonElement Value)> Leaves(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Leaves(p.Value, p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => Leaves(e, name)),
        _ => [(name, element)],
    };
}
