using System.Text.RegularExpressions;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Analysis.Reports;

/// <summary>
/// What a run directory says beside its samples: the environment block of BenchmarkDotNet's markdown report (host,
/// runtime, job and the engines' settings) and the warnings, hints and meter list from BenchmarkDotNet's log.
/// Missing pieces are empty; a samples file on its own has none of them.
/// </summary>
public sealed record RunContext(string Environment, IReadOnlyList<string> Warnings, IReadOnlyList<string> Hints, IReadOnlyList<string> Meters)
{
    public static readonly RunContext Empty = new("", [], [], []);

    /// <summary>The run's machine and suite facts (<c>environment.md</c>, a markdown table); empty when the run has none.</summary>
    public string Machine { get; init; } = "";

    /// <summary>How a campaign was run and how its cases ended (<see cref="CampaignSummary"/>); empty for other runs.</summary>
    public string Campaign { get; init; } = "";

    /// <summary>Reads the context of <paramref name="input"/>: a run directory, or the directory around a samples file.</summary>
    public static RunContext Read(string input)
    {
        string? directory = Directory.Exists(input) ? input : Path.GetDirectoryName(Path.GetFullPath(input));
        // A samples file sits in results/; the log is one level up.
        var roots = new[] { directory, directory is null ? null : Path.GetDirectoryName(directory) }.OfType<string>().Where(Directory.Exists).ToList();
        string environment = roots.SelectMany(r => Directory.EnumerateFiles(r, "*-report-github.md", SearchOption.AllDirectories))
            .Select(File.ReadAllText).Select(FirstCodeBlock).FirstOrDefault(b => b.Length > 0) ?? "";
        // A campaign keeps one BenchmarkDotNet log per case, in its case folder.
        var logs = roots.SelectMany(r => Directory.EnumerateFiles(r, "*.log", SearchOption.TopDirectoryOnly)
                .Concat(Directory.Exists(Path.Combine(r, EnergyBench.Campaign.CampaignLayout.CasesFolder))
                    ? Directory.EnumerateFiles(Path.Combine(r, EnergyBench.Campaign.CampaignLayout.CasesFolder), "*.log", SearchOption.AllDirectories) : []))
            .Distinct().ToList();
        var warnings = logs.SelectMany(l => Section(l, "Warnings")).ToList();
        var hints = logs.SelectMany(l => Section(l, "Hints")).ToList();
        var meters = logs.SelectMany(l => Section(l, SamplesSchema.MetersLogSection)).Distinct().ToList();
        string machine = roots.Select(r => Path.Combine(r, Diagnosers.RunEnvironment.EnvironmentRecord.MarkdownFile)).Where(File.Exists)
            .Select(File.ReadAllText).FirstOrDefault() ?? "";
        string campaign = roots.Select(CampaignSummary.Describe).FirstOrDefault(text => text.Length > 0) ?? "";
        return new RunContext(environment, warnings, hints, meters) { Machine = machine, Campaign = campaign };
    }

    private static string FirstCodeBlock(string markdown) =>
        Regex.Match(markdown, "```\\s*\\n(.*?)```", RegexOptions.Singleline) is { Success: true } match ? match.Groups[1].Value.Trim() : "";

    /// <summary>The non-empty lines of a "// * Name *" section of a BenchmarkDotNet log, up to the next section.</summary>
    internal static IEnumerable<string> Section(string log, string name)
    {
        bool inside = false;
        foreach (string line in File.ReadLines(log))
        {
            if (line.StartsWith("// ", StringComparison.Ordinal))
            {
                inside = line.Trim() == $"// * {name} *";
                continue;
            }
            if (inside && line.Trim().Length > 0)
                yield return line.TrimEnd();
        }
    }
}
