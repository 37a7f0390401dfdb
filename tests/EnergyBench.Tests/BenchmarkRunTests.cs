using System.Text.Json;

namespace EnergyBench.Tests;

/// <summary>A real, short BenchmarkDotNet run of both configurations, as `./run.sh bench` does it.</summary>
public class BenchmarkRunTests(TestModel model) : IClassFixture<TestModel>
{
    [Fact]
    public void A_short_run_writes_every_report_with_the_token_columns()
    {
        var result = AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath,
            "--max-new-tokens", "4", "--filter", "*", "--iterationCount", "2", "--warmupCount", "1",
            "--artifacts", model.ArtifactsPath]);
        Assert.True(result.ExitCode == 0, result.Output[^Math.Min(4000, result.Output.Length)..] + result.Error);

        string results = Path.Combine(model.ArtifactsPath, "results");
        foreach (string configuration in new[] { "TorchCpu", "OnnxCpu" })
        {
            string prefix = Path.Combine(results, $"EnergyBench.Benchmarks.{configuration}-report");
            foreach (string suffix in new[] { "-github.md", ".html", ".csv", "-full.json" })
                Assert.True(File.Exists(prefix + suffix), prefix + suffix);

            // 3 prompts x 4 new tokens in each measured iteration.
            var csv = File.ReadAllLines(prefix + ".csv");
            var header = CsvFields(csv[0]);
            var row = CsvFields(csv[1]);
            Assert.Equal("12", row[Array.IndexOf(header, "Tokens/iter")]);
            Assert.True(double.Parse(row[Array.IndexOf(header, "Tokens/s")]) > 0);
            Assert.Matches("^[1-9][0-9]*$", row[Array.IndexOf(header, "Threads")]);
            Assert.Contains("Tokens/s", File.ReadAllText(prefix + "-github.md"));

            using var json = JsonDocument.Parse(File.ReadAllText(prefix + "-full.json"));
            var benchmark = json.RootElement.GetProperty("Benchmarks")[0];
            Assert.Equal(2, benchmark.GetProperty("Measurements").EnumerateArray()
                .Count(m => m.GetProperty("IterationMode").GetString() == "Workload" && m.GetProperty("IterationStage").GetString() == "Actual"));
        }
        Assert.Contains("Reports: ", result.Output);
    }

    /// <summary>Splits a CSV line; BenchmarkDotNet quotes values that contain the separator (e.g. "1,234.5 ms").</summary>
    private static string[] CsvFields(string line) =>
        System.Text.RegularExpressions.Regex.Matches(line, "(?<=^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)")
            .Select(m => m.Value.Trim('"').Replace("\"\"", "\"")).ToArray();
}
