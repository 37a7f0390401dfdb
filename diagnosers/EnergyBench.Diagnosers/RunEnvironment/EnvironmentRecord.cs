using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EnergyBench.Diagnosers.Meters;

namespace EnergyBench.Diagnosers.RunEnvironment;

/// <summary>
/// The environment energy results need, captured once per run into its directory before anything is measured:
/// <c>environment.json</c> (the facts, each a value or the reason it is n/a) and <c>environment.md</c> (the same as a
/// table, which the analysis shows). The engines' versions and settings come from the benchmark processes and are in
/// BenchmarkDotNet's report environment block.
/// </summary>
public sealed record EnvironmentRecord(IReadOnlyList<EnvironmentFact> Facts)
{
    public const string JsonFile = "environment.json", MarkdownFile = "environment.md";

    /// <param name="meters">The meters of the run (null with --no-meters), whose kinds and periods are recorded.</param>
    public static EnvironmentRecord Capture(string suiteRoot, MeterOptions options, MeterSet? meters, string linuxRoot = "/")
    {
        var facts = new List<EnvironmentFact> { SuiteVersion.Read(suiteRoot) };
        facts.Add(new EnvironmentFact("suite", "runtime", $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}"));
        facts.Add(new EnvironmentFact("suite", "captured", DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture)));
        if (OperatingSystem.IsLinux())
            facts.AddRange(new LinuxFacts(linuxRoot).Read());
        else
            facts.Add(new EnvironmentFact("os", "description", RuntimeInformation.OSDescription));
        facts.AddRange(GpuFacts.Read(options.NvmlLibrary));
        if (meters is null)
            facts.Add(new EnvironmentFact("meters", "all", null, "meters off (--no-meters)"));
        else
        {
            foreach (var status in meters.Statuses)
                facts.Add(status.Available ? new EnvironmentFact("meters", status.Role, status.Detail) : new EnvironmentFact("meters", status.Role, null, status.Detail));
            foreach (var meter in meters.Meters)
                facts.Add(new EnvironmentFact("meters", $"{meter.Name} period",
                    string.Create(CultureInfo.InvariantCulture, $"sampled every {meter.SamplingPeriod.TotalMilliseconds:0.###} ms, updates every {meter.UpdatePeriod.TotalMilliseconds:0.###} ms")));
        }
        return new EnvironmentRecord(facts);
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, JsonFile), JsonSerializer.Serialize(new { Facts }, Json));
        File.WriteAllText(Path.Combine(directory, MarkdownFile), ToMarkdown());
    }

    /// <summary>The record a run wrote into <paramref name="directory"/>, or null when it has none; a damaged one is an error naming the file.</summary>
    public static EnvironmentRecord? Read(string directory)
    {
        string path = Path.Combine(directory, JsonFile);
        if (!File.Exists(path))
            return null;
        try
        {
            var record = JsonSerializer.Deserialize<EnvironmentRecord>(File.ReadAllText(path), Json);
            return record?.Facts is not null ? record : throw new InvalidDataException($"{path}: no facts in the environment record");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not an environment record ({e.Message})", e);
        }
    }

    /// <summary>The value of a fact, or null when the record has no such fact or it was n/a.</summary>
    public string? Value(string group, string name) => Facts.FirstOrDefault(f => f.Group == group && f.Name == name)?.Value;

    public string ToMarkdown()
    {
        var md = new StringBuilder("| group | fact | value |\n|---|---|---|\n");
        foreach (var fact in Facts)
            md.Append($"| {fact.Group} | {Cell(fact.Name)} | {Cell(fact.Value ?? $"n/a: {fact.NotAvailable}")} |\n");
        return md.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace('\n', ' ');
}
