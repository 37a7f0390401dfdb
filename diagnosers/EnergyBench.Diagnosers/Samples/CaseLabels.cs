using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Iterations;

namespace EnergyBench.Diagnosers.Samples;

/// <summary>A benchmark case before it is labelled: its model, its configuration's short name and its other parameters (job included).</summary>
public sealed record CaseIdentity(string Model, string Configuration, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// The (model, configuration) a samples row names for a benchmark case. The configuration is the short name
/// (<c>onnx-cpu</c>); when one run holds several cases of the same model and configuration that differ in other
/// parameters (precision, threads, prompts, new tokens) or jobs, the differing ones follow in brackets,
/// <c>torch-cpu (Precision=bf16)</c>, <c>onnx-cpu (Job=ov-2025)</c>, so no two cases share a label and their iterations
/// are never pooled. The samples exporter and the reader of BenchmarkDotNet's JSON reports both label through here,
/// so the regression gate matches cases by one definition.
/// </summary>
public static class CaseLabels
{
    public const string ModelParameter = "Model";

    /// <summary>A case's job counts as one more parameter, so two jobs of one case are labelled apart (<c>Job=omp1</c>).</summary>
    public const string JobParameter = "Job";

    /// <summary>The benchmark method counts too, so a run of Generate and Prefill labels them apart (<c>Method=Prefill</c>).</summary>
    public const string MethodParameter = "Method";

    /// <summary>The configuration label of each case, in the order given.</summary>
    public static IReadOnlyList<string> Label(IReadOnlyList<CaseIdentity> cases)
    {
        var labels = new string[cases.Count];
        foreach (var group in cases.Select((c, i) => (Case: c, Index: i)).GroupBy(c => (c.Case.Model, c.Case.Configuration)))
        {
            var varying = group.SelectMany(c => c.Case.Parameters.Keys).Distinct()
                .Where(name => group.Select(c => c.Case.Parameters.GetValueOrDefault(name)).Distinct().Count() > 1)
                .ToList();
            foreach (var (c, index) in group)
                labels[index] = varying.Count == 0
                    ? c.Configuration
                    : $"{c.Configuration} ({string.Join(", ", varying.Select(name => $"{name}={c.Parameters.GetValueOrDefault(name)}"))})";
        }
        return labels;
    }

    /// <param name="planned">
    /// Labels made over a larger set of cases than these reports (a campaign runs each case of its plan in a run of
    /// its own), by <see cref="CaseKeys"/>; a report whose case is in it takes that label.
    /// </param>
    public static IReadOnlyDictionary<BenchmarkReport, (string Model, string Configuration)> Of(IEnumerable<BenchmarkReport> reports,
        IReadOnlyDictionary<string, string>? planned = null)
    {
        var list = reports.ToList();
        var cases = list.Select(Identify).ToList();
        var labels = Label(cases);
        return list.Select((report, i) => (report, i)).ToDictionary(p => p.report,
            p => (cases[p.i].Model, planned?.GetValueOrDefault(CaseKeys.Of(p.report.BenchmarkCase)) ?? labels[p.i]));
    }

    private static CaseIdentity Identify(BenchmarkReport report)
    {
        var settings = BenchmarkProcessOutput.Settings(report);
        var parameters = report.BenchmarkCase.Parameters.Items;
        string model = settings.GetValueOrDefault("model")
                       ?? parameters.FirstOrDefault(p => p.Name == ModelParameter)?.Value?.ToString() ?? "";
        string configuration = settings.GetValueOrDefault("configuration") ?? report.BenchmarkCase.Descriptor.Type.Name;
        var others = parameters.Where(p => p.Name != ModelParameter).ToDictionary(p => p.Name, p => p.Value?.ToString() ?? "");
        others[JobParameter] = report.BenchmarkCase.Job.ResolvedId;
        others[MethodParameter] = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
        return new CaseIdentity(model, configuration, others);
    }
}
