using System.Text;
using System.Text.Json;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Analysis.Samples;

/// <summary>
/// Reads BenchmarkDotNet's <c>*-report-full.json</c> into <c>time_s</c> sample rows, for runs made without meters (no
/// samples file). Cases are labelled as the samples exporter labels them: the model is the <c>Model</c> parameter's
/// name, the configuration the class name in kebab case (<c>OnnxCpu</c> -> <c>onnx-cpu</c>) followed by the other
/// parameters (and job) that differ between cases of the same model and configuration.
/// </summary>
public static class ReportJsonReader
{
    /// <summary>The name under which a case's job joins its parameters in labels (<c>onnx-cpu (Job=ort-1.22)</c>).</summary>
    public const string JobParameter = CaseLabels.JobParameter;

    /// <summary>The full JSON reports a path names: the file itself, or those under a directory, superseded attempts left out.</summary>
    public static IReadOnlyList<string> Find(string path) =>
        File.Exists(path) && path.EndsWith("-report-full.json", StringComparison.Ordinal) ? [path]
        : Directory.Exists(path) ? RunFiles.Under(path, "*-report-full.json")
        : [];

    public static IReadOnlyList<SampleRow> Read(IEnumerable<string> files)
    {
        var cases = ReadCases(files);
        var rows = new List<SampleRow>();
        foreach (var (c, label) in cases)
        {
            // BenchmarkDotNet's --launchCount runs several processes per case; each is a launch of its own.
            bool several = c.Times.Select(t => t.Launch).Distinct().Count() > 1;
            rows.AddRange(c.Times.Select((t, i) => new SampleRow(c.Model, label, i + 1, "time_s", t.Seconds, "s", "clock",
                several ? $"{c.Launch}#{t.Launch}" : c.Launch)));
        }
        return rows;
    }

    /// <summary>
    /// Managed bytes allocated per benchmark invocation (one iteration of the suite's benchmarks), as BenchmarkDotNet's
    /// MemoryDiagnoser measured them, by (model, configuration label); cases without the diagnoser's figure are left out.
    /// </summary>
    public static IReadOnlyDictionary<(string Model, string Configuration), double> ReadAllocations(IEnumerable<string> files) =>
        ReadCases(files).Where(c => c.Case.AllocatedBytes is not null)
            .ToDictionary(c => (c.Case.Model, c.Label), c => c.Case.AllocatedBytes!.Value);

    private sealed record ReportCase(string Model, string Configuration, Dictionary<string, string> Others, string Launch,
        List<(int Launch, double Seconds)> Times, double? AllocatedBytes);

    private static List<(ReportCase Case, string Label)> ReadCases(IEnumerable<string> files)
    {
        var cases = new List<ReportCase>();
        foreach (string file in files)
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new SamplesFormatException($"{file}: not valid JSON ({e.Message})");
            }
            if (!root.TryGetProperty("Benchmarks", out var benchmarks))
                throw new SamplesFormatException($"{file}: not a BenchmarkDotNet full JSON report (no Benchmarks)");
            foreach (var benchmark in benchmarks.EnumerateArray())
            {
                var parameters = (benchmark.TryGetProperty("Parameters", out var p) ? p.GetString() ?? "" : "")
                    .Split('&', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=', 2)).Where(kv => kv.Length == 2)
                    .ToDictionary(kv => kv[0], kv => kv[1]);
                string model = parameters.Remove(CaseLabels.ModelParameter, out var m) ? Path.GetFileName(m.TrimEnd('/', '\\')) : "";
                parameters[JobParameter] = JobOf(benchmark.TryGetProperty("DisplayInfo", out var info) ? info.GetString() ?? "" : "");
                parameters[CaseLabels.MethodParameter] = benchmark.TryGetProperty("Method", out var method) ? method.GetString() ?? "" : "";
                string configuration = Kebab(benchmark.GetProperty("Type").GetString() ?? "");
                var measurements = benchmark.TryGetProperty("Measurements", out var list) ? list.EnumerateArray().ToList() : [];
                var times = Actual(measurements, "Actual");
                if (times.Count == 0)
                    times = Actual(measurements, "Result");
                double? allocated = benchmark.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
                                    && memory.TryGetProperty("BytesAllocatedPerOperation", out var bytes) && bytes.ValueKind == JsonValueKind.Number
                    ? bytes.GetDouble()
                    : null;
                cases.Add(new ReportCase(model, configuration, parameters, SamplesReader.LaunchOf(file), times, allocated));
            }
        }
        // Labelled as the samples exporter labels them, by the same code.
        var labels = CaseLabels.Label(cases.Select(c => new CaseIdentity(c.Model, c.Configuration, c.Others)).ToList());
        return cases.Zip(labels).ToList();
    }

    /// <summary>The job's id from a case's display text, <c>OnnxCpu.Generate: Monitoring(IterationCount=10, ...) [Model=...]</c>.</summary>
    public static string JobOf(string displayInfo)
    {
        int start = displayInfo.IndexOf(": ", StringComparison.Ordinal);
        if (start < 0)
            return "";
        string job = displayInfo[(start + 2)..];
        int end = job.IndexOfAny(['(', ' ', '[']);
        return end < 0 ? job : job[..end];
    }

    private static List<(int Launch, double Seconds)> Actual(List<JsonElement> measurements, string stage) =>
        measurements.Where(m => m.GetProperty("IterationMode").GetString() == "Workload" && m.GetProperty("IterationStage").GetString() == stage)
            .Select(m => (m.TryGetProperty("LaunchIndex", out var launch) ? launch.GetInt32() : 1,
                m.GetProperty("Nanoseconds").GetDouble() / Math.Max(1, m.GetProperty("Operations").GetDouble()) / 1e9))
            .ToList();

    /// <summary>"OnnxCpu" -> "onnx-cpu".</summary>
    public static string Kebab(string name)
    {
        var text = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                text.Append('-');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
