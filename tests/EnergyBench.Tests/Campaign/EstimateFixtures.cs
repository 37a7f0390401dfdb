using EnergyBench.Campaign.Estimates;
using EnergyBench.Campaign;
using EnergyBench.Inference.Prompts;

namespace EnergyBench.Tests.Campaign;

/// <summary>Planned cases, prompt sets and calibrations made up for the estimator's tests.</summary>
public static class EstimateFixtures
{
    /// <summary>A case of <paramref name="model"/> in <paramref name="configuration"/>; <paramref name="parameters"/> override the defaults.</summary>
    public static PlannedCase Case(int index, string configuration, string model, string promptSet, params (string Name, string Value)[] parameters)
    {
        var values = new Dictionary<string, string>
        {
            ["Prompts"] = promptSet, ["MaxNewTokens"] = "3", ["BatchSize"] = "1", ["Threads"] = "1", ["Precision"] = "fp32",
            ["Stop"] = "fixed", ["Method"] = "Generate", ["Job"] = "Monitoring",
        };
        foreach (var (name, value) in parameters)
            values[name] = value;
        return new PlannedCase(index, $"{configuration}.{model}.{index}", configuration, configuration, model, values, $"{configuration} (Threads=1)");
    }

    /// <summary>Writes a prompt set of <paramref name="count"/> prompts of <paramref name="tokens"/> tokens each and returns its path.</summary>
    public static string PromptSetFile(TempDirectory directory, int count, int tokens)
    {
        string path = directory.File($"prompts-{count}x{tokens}.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, count)
            .Select(i => PromptSet.ToLine(new PromptRecord(i, $"Test/{i}", $"prompt {i}", tokens, (ulong)i, 0, tokens, "cl100k_base"))));
        return path;
    }

    /// <summary>A timing of <paramref name="model"/> with round numbers: the prefill share follows from <paramref name="extraTokenShare"/>.</summary>
    public static ReferenceTiming Timing(string model, long parameters, double load, double step, double extraTokenShare = 0.5, double promptTokens = 11) =>
        new(model, EnergyBench.Campaign.Estimates.ModelSize.ShapeName(model), parameters, load, step * (1 + (promptTokens - 1) * extraTokenShare), promptTokens, step);

    public static CalibrationResult Calibration(params ConfigurationCalibration[] configurations) => new(configurations, Seconds: 12);
}
