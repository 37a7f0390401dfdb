using System.Globalization;
using System.Text.Json;
using EnergyBench.Analysis.Samples;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Analysis.Roofline;

/// <summary>The prompt set and new-token count a run gave one model, from its cases' parameters.</summary>
public sealed record PromptSettings(string Prompts, int MaxNewTokens);

/// <summary>Reads each model's <see cref="PromptSettings"/> from the BenchmarkDotNet full JSON reports of a run directory.</summary>
public static class RunPromptSettings
{
    public static IReadOnlyDictionary<string, PromptSettings> Read(string runDirectory)
    {
        var found = new Dictionary<string, HashSet<PromptSettings>>();
        foreach (string file in ReportJsonReader.Find(runDirectory))
        {
            using var document = Parse(file);
            if (!document.RootElement.TryGetProperty("Benchmarks", out var benchmarks))
                throw new SamplesFormatException($"{file}: not a BenchmarkDotNet full JSON report (no Benchmarks)");
            foreach (var benchmark in benchmarks.EnumerateArray())
            {
                var parameters = (benchmark.TryGetProperty("Parameters", out var p) ? p.GetString() ?? "" : "")
                    .Split('&', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=', 2)).Where(kv => kv.Length == 2)
                    .ToDictionary(kv => kv[0], kv => kv[1]);
                if (!parameters.TryGetValue(CaseLabels.ModelParameter, out var model) || !parameters.TryGetValue("Prompts", out var prompts)
                    || !parameters.TryGetValue("MaxNewTokens", out var tokens) || !int.TryParse(tokens, NumberStyles.Integer, CultureInfo.InvariantCulture, out int maxNewTokens))
                    continue;
                string name = Path.GetFileName(model.TrimEnd('/', '\\'));
                if (!found.TryGetValue(name, out var settings))
                    found[name] = settings = [];
                settings.Add(new PromptSettings(prompts, maxNewTokens));
            }
        }
        var several = found.FirstOrDefault(f => f.Value.Count > 1);
        if (several.Key is not null)
            throw new ArgumentException($"{runDirectory}: model {several.Key} ran with several prompt sets or new-token counts " +
                                        $"({string.Join(", ", several.Value.Select(s => $"{s.Prompts} x {s.MaxNewTokens}"))}); give --prompts and --max-new-tokens");
        return found.ToDictionary(f => f.Key, f => f.Value.Single());
    }

    private static JsonDocument Parse(string file)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new SamplesFormatException($"{file}: not valid JSON ({e.Message})");
        }
    }
}
