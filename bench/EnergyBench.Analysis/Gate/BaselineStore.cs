using System.Globalization;
using EnergyBench.Analysis.Samples;

namespace EnergyBench.Analysis.Gate;

/// <summary>
/// A baseline kept as a history of runs: <c>DIR/0001-20261123-101442/</c>, one folder per stored launch holding its
/// samples and BenchmarkDotNet full JSON reports, numbered in the order they were stored; only the newest
/// <c>keep</c> stay. Compared as a whole, the history gives the gate several baseline launches, so it can tell a
/// regression from launch-to-launch drift.
/// </summary>
public static class BaselineStore
{
    public const int DefaultKeep = 5;

    /// <summary>Adds every launch under <paramref name="run"/> to the store and drops the oldest beyond <paramref name="keep"/>.</summary>
    /// <returns>The folders added.</returns>
    public static IReadOnlyList<string> Add(string run, string store, int keep = DefaultKeep)
    {
        if (keep < 1)
            throw new ArgumentException($"--keep: {keep} is not a positive number of runs");
        var files = SamplesReader.Has(run) ? SamplesReader.Find(run) : ReportJsonReader.Find(run);
        if (files.Count == 0)
            throw new FileNotFoundException($"{run}: no samples or full JSON reports to store");
        // Reports of the run beside its samples, so a later reader finds whichever it needs.
        var launches = files.GroupBy(SamplesReader.LaunchOf).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Directory.CreateDirectory(store);
        int next = Stored(store).Select(s => s.Number).DefaultIfEmpty(0).Max() + 1;
        var added = new List<string>();
        foreach (var launch in launches)
        {
            string target = Path.Combine(store, $"{next++:0000}-{Path.GetFileName(launch.Key)}");
            Directory.CreateDirectory(target);
            var sources = launch.Concat(Directory.EnumerateFiles(Path.GetDirectoryName(launch.First())!, "*-report-full.json")).Distinct();
            foreach (string file in sources)
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            added.Add(target);
        }
        foreach (var old in Stored(store).OrderByDescending(s => s.Number).Skip(keep))
            Directory.Delete(old.Path, recursive: true);
        return added;
    }

    /// <summary>The stored launches, each with its sequence number.</summary>
    public static IEnumerable<(int Number, string Path)> Stored(string store) =>
        Directory.Exists(store)
            ? Directory.EnumerateDirectories(store)
                .Select(path => (Ok: int.TryParse(Path.GetFileName(path).Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int n), n, path))
                .Where(s => s.Ok).Select(s => (s.n, s.path))
            : [];
}
