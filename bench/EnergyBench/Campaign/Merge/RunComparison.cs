using System.Globalization;
using System.Text.RegularExpressions;

namespace EnergyBench.Campaign.Merge;

/// <summary>
/// What must be the same in runs whose measurements are put together: the machine (CPU model, GPU models), the
/// suite's version, the protocol, the settings and arguments (those that say where a shard runs left out) and the size
/// of the whole plan. Measurements made under different conditions are not samples of one population.
/// </summary>
public static partial class RunComparison
{
    /// <summary>Options that differ between the shards of one campaign by design: which shard, which plan file, where it writes.</summary>
    public static readonly IReadOnlySet<string> ShardOptions = new HashSet<string>(StringComparer.Ordinal) { "--shard", "--plan", "--artifacts", "--resume" };

    /// <summary>One line per aspect in which the inputs differ, naming each value and the inputs that have it; empty when they agree.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<MergeInput> inputs)
    {
        var aspects = inputs.Select(Aspects).ToList();
        var names = aspects.SelectMany(a => a.Keys).Distinct().ToList(); // first-seen order: the machine first, settings last
        var differences = new List<string>();
        foreach (string name in names)
        {
            var groups = inputs.Select((input, i) => (input.Name, Value: aspects[i].GetValueOrDefault(name, "(not set)")))
                .GroupBy(x => x.Value, StringComparer.Ordinal).ToList();
            if (groups.Count > 1)
                differences.Add($"{name}: " + string.Join("; ", groups.Select(g => $"'{g.Key}' in {string.Join(", ", g.Select(x => x.Name))}")));
        }
        return differences;
    }

    /// <summary>The arguments without the options (and their values) in <see cref="ShardOptions"/>, in order.</summary>
    public static IReadOnlyList<string> ComparableArguments(IReadOnlyList<string> arguments)
    {
        var kept = new List<string>();
        for (int i = 0; i < arguments.Count; i++)
        {
            string argument = arguments[i];
            if (ShardOptions.Contains(argument))
                i++; // its value
            else if (!ShardOptions.Any(option => argument.StartsWith(option + "=", StringComparison.Ordinal)))
                kept.Add(argument);
        }
        return kept;
    }

    private const string NoRecord = "unknown (no environment.json)";

    private static Dictionary<string, string> Aspects(MergeInput input)
    {
        var plan = input.Plan;
        var environment = input.Environment;
        var aspects = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CPU model"] = environment is null ? NoRecord : environment.Value("cpu", "model") ?? "n/a",
            ["GPU models"] = environment is null ? NoRecord : GpuModels(environment),
            ["suite version"] = plan.SuiteVersion ?? "unknown",
            ["protocol"] = plan.Protocol,
            ["plan size"] = plan.PlanCaseCount.ToString(CultureInfo.InvariantCulture),
            ["arguments"] = string.Join(' ', ComparableArguments(plan.Arguments)),
        };
        foreach (var (name, value) in plan.Settings)
            aspects[$"setting {name}"] = value;
        return aspects;
    }

    /// <summary>Every GPU's model by index (<c>0: NVIDIA H100; 1: NVIDIA H100</c>), or "none" when the record names none.</summary>
    private static string GpuModels(Diagnosers.RunEnvironment.EnvironmentRecord environment)
    {
        var models = environment.Facts.Where(f => f.Group == "gpu" && GpuModel().IsMatch(f.Name))
            .OrderBy(f => int.Parse(GpuModel().Match(f.Name).Groups[1].Value, CultureInfo.InvariantCulture))
            .Select(f => $"{GpuModel().Match(f.Name).Groups[1].Value}: {f.Value ?? "n/a"}")
            .ToList();
        return models.Count > 0 ? string.Join("; ", models) : "none";
    }

    /// <summary>GpuFacts names each device's model "<c>INDEX model</c>".</summary>
    [GeneratedRegex(@"^(\d+) model$")]
    private static partial Regex GpuModel();
}
