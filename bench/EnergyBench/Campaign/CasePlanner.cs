using BenchmarkDotNet.Configs;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using EnergyBench.Benchmarks;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Campaign;

/// <summary>
/// The benchmark cases a command line names, as BenchmarkDotNet would run them: its own parser reads the filters and
/// job options, its type filter applies them to the suite's classes (and the suite's case filter), so a campaign runs
/// exactly the cases <c>./run.sh bench</c> would, one BenchmarkDotNet run each.
/// </summary>
public static class CasePlanner
{
    /// <summary>Every case, in BenchmarkDotNet's order, with its plan entry (index, key, label; no estimate yet).</summary>
    public static IReadOnlyList<(PlannedCase Planned, BenchmarkCase Case)> Plan(IReadOnlyList<string> benchmarkArgs, IConfig config, IReadOnlyList<Type> benchmarks)
    {
        var cases = Cases(benchmarkArgs, config, benchmarks);
        var identities = cases.Select(Identity).ToList();
        var labels = CaseLabels.Label(identities);
        return cases.Select((c, i) => (new PlannedCase(i, CaseKeys.Of(c), c.Descriptor.Type.Name, identities[i].Configuration,
            identities[i].Model, identities[i].Parameters, labels[i]), c)).ToList();
    }

    /// <summary>The cases of the command line under <paramref name="config"/> (whose artifacts path and diagnosers they carry).</summary>
    public static IReadOnlyList<BenchmarkCase> Cases(IReadOnlyList<string> benchmarkArgs, IConfig config, IReadOnlyList<Type> benchmarks)
    {
        var log = new AccumulationLogger();
        var (parsed, parsedConfig, _) = ConfigParser.Parse(WithDefaultFilter(benchmarkArgs), log, config);
        if (!parsed || parsedConfig is null)
            throw new ArgumentException($"BenchmarkDotNet's options: {FirstLine(log.GetLog())} (see ./run.sh bench --help)");
        var effective = ManualConfig.Union(config, parsedConfig);
        return TypeFilter.Filter(effective, benchmarks).SelectMany(info => info.BenchmarksCases).ToList();
    }

    /// <summary>A campaign runs every case unless filtered (BenchmarkDotNet would ask which, interactively).</summary>
    private static string[] WithDefaultFilter(IReadOnlyList<string> args) =>
        args.Any(a => a is "--filter" or "-f" or "--allCategories" or "--anyCategories" or "--attribute" or "-a")
            ? args.ToArray()
            : ["--filter", "*", .. args];

    private static CaseIdentity Identity(BenchmarkCase c)
    {
        var parameters = c.Parameters.Items.Where(p => p.Name != CaseLabels.ModelParameter)
            .ToDictionary(p => p.Name, p => p.Value?.ToString() ?? "");
        parameters[CaseLabels.JobParameter] = c.Job.ResolvedId;
        parameters[CaseLabels.MethodParameter] = c.Descriptor.WorkloadMethod.Name;
        string model = c.Parameters.Items.FirstOrDefault(p => p.Name == CaseLabels.ModelParameter)?.Value is ModelChoice choice
            ? choice.Reference
            : c.Parameters.Items.FirstOrDefault(p => p.Name == CaseLabels.ModelParameter)?.Value?.ToString() ?? "";
        return new CaseIdentity(model, ServingBenchmarks.ConfigurationOf(c.Descriptor.Type).ShortName, parameters);
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "not understood";
}
