using System.Collections;
using EnergyBench.Models;

namespace EnergyBench.Campaign;

/// <summary>
/// The settings a campaign's results depend on: every <c>BENCH_*</c> variable in effect once the options are applied
/// (options set them, and users may set them directly), except the suite's own paths, which differ between checkouts
/// and machines without changing what is measured.
/// </summary>
public static class CampaignSettings
{
    private static readonly HashSet<string> Paths = [SuitePaths.RootVariable, SuitePaths.ModelsVariable];

    public static IReadOnlyDictionary<string, string> Current() =>
        new SortedDictionary<string, string>(Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => (Name: (string)e.Key, Value: e.Value as string ?? ""))
            .Where(e => e.Name.StartsWith("BENCH_", StringComparison.Ordinal) && !Paths.Contains(e.Name))
            .ToDictionary(e => e.Name, e => e.Value), StringComparer.Ordinal);

    /// <summary>"BENCH_THREADS: 2 (then) vs 4 (now)", one per setting that differs.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> then, IReadOnlyDictionary<string, string> now) =>
        then.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Where(name => then.GetValueOrDefault(name) != now.GetValueOrDefault(name))
            .Select(name => $"{name}: {then.GetValueOrDefault(name) ?? "(unset)"} (then) vs {now.GetValueOrDefault(name) ?? "(unset)"} (now)")
            .ToList();
}
