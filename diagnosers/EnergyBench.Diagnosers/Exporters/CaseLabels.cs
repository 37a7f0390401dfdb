using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Iterations;

namespace EnergyBench.Diagnosers.Exporters;

/// <summary>
/// The (model, configuration) a samples row names for a benchmark case. The configuration is the short name
/// (<c>onnx-cpu</c>); when one run holds several cases of the same model and configuration that differ in other
/// parameters (precision, threads, prompts, new tokens) or jobs, the differing ones follow in brackets,
/// <c>torch-cpu (Precision=bf16)</c>, <c>onnx-cpu (Job=ov-2025)</c>, so no two cases share a label and their iterations are never pooled.
/// </summary>
public static class CaseLabels
{
    public const string ModelParameter = "Model";

    /// <summary>A case's job counts as one more parameter, so two jobs of one case are labelled apart (<c>Job=omp1</c>).</summary>
    public const string JobParameter = "Job";

    public static IReadOnlyDictionary<BenchmarkReport, (string Model, string Configuration)> Of(IEnumerable<BenchmarkReport> reports)
    {
        var cases = reports.Select(report =>
        {
            var settings = BenchmarkProcessOutput.Settings(report);
            var parameters = report.BenchmarkCase.Parameters.Items;
            string model = settings.GetValueOrDefault("model")
                           ?? parameters.FirstOrDefault(p => p.Name == ModelParameter)?.Value?.ToString() ?? "";
            string configuration = settings.GetValueOrDefault("configuration") ?? report.BenchmarkCase.Descriptor.Type.Name;
            var others = parameters.Where(p => p.Name != ModelParameter).ToDictionary(p => p.Name, p => p.Value?.ToString() ?? "");
            others[JobParameter] = report.BenchmarkCase.Job.ResolvedId;
            return (Report: report, Model: model, Configuration: configuration, Others: others);
        }).ToList();

        var labels = new Dictionary<BenchmarkReport, (string, string)>();
        foreach (var group in cases.GroupBy(c => (c.Model, c.Configuration)))
        {
            var varying = group.SelectMany(c => c.Others.Keys).Distinct()
                .Where(name => group.Select(c => c.Others.GetValueOrDefault(name)).Distinct().Count() > 1)
                .ToList();
            foreach (var c in group)
                labels[c.Report] = (c.Model, varying.Count == 0
                    ? c.Configuration
                    : $"{c.Configuration} ({string.Join(", ", varying.Select(name => $"{name}={c.Others.GetValueOrDefault(name)}"))})");
        }
        return labels;
    }
}
