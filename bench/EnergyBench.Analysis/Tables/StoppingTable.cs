using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Statistics;

namespace EnergyBench.Analysis.Tables;

/// <summary>
/// One stop policy of one (model, configuration): medians per iteration, and what it saves against <c>fixed</c> in %
/// (null for <c>fixed</c> itself, and where a metric was not measured).
/// </summary>
public sealed record StoppingRow(
    string Model, string Configuration, string Policy,
    double Tokens, double? Energy, double? Time,
    double? TokensSaved, double? EnergySaved, double? TimeSaved);

/// <summary>
/// The "stopping" table: for every model and configuration that ran under <c>fixed</c> and another stop policy
/// (<c>--stop fixed,code</c>), the tokens, CPU+GPU energy and time per iteration under each, and the saving against
/// fixed. Cases are told apart by the <c>Stop=</c> part of their samples label, e.g. <c>onnx-cpu (Stop=code)</c>.
/// </summary>
public static class StoppingTable
{
    public const string Parameter = "Stop";
    public const string Fixed = "fixed";
    public const string TokensMetric = "tokens", EnergyMetric = "global_energy_j", TimeMetric = "time_s";

    public static IReadOnlyList<StoppingRow> Of(RunAnalysis analysis) => Of(analysis.Rows);

    public static IReadOnlyList<StoppingRow> Of(IReadOnlyList<SampleRow> rows)
    {
        var table = new List<StoppingRow>();
        var measured = rows.Where(CaseStatus.IsMeasurement)
            .Select(r => (Row: r, Label: Split(r.Configuration)))
            .Where(r => r.Label.Policy is not null)
            .ToList();
        foreach (var group in measured.GroupBy(r => (r.Row.Model, r.Label.Configuration)))
        {
            var byPolicy = group.GroupBy(r => r.Label.Policy!).ToDictionary(g => g.Key, g => g.Select(r => r.Row).ToList());
            if (!byPolicy.TryGetValue(Fixed, out var fixedRows) || byPolicy.Count < 2)
                continue;
            double? fixedTokens = Median(fixedRows, TokensMetric), fixedEnergy = Median(fixedRows, EnergyMetric), fixedTime = Median(fixedRows, TimeMetric);
            foreach (var (policy, policyRows) in byPolicy.OrderBy(p => p.Key == Fixed ? 0 : 1).ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                if (Median(policyRows, TokensMetric) is not { } tokens)
                    continue;
                double? energy = Median(policyRows, EnergyMetric), time = Median(policyRows, TimeMetric);
                bool baseline = policy == Fixed;
                table.Add(new StoppingRow(group.Key.Model, group.Key.Configuration, policy, tokens, energy, time,
                    baseline ? null : Saved(fixedTokens, tokens), baseline ? null : Saved(fixedEnergy, energy), baseline ? null : Saved(fixedTime, time)));
            }
        }
        return table;
    }

    /// <summary>
    /// A samples label without its stop policy, and the policy: "onnx-cpu (Stop=code)" is ("onnx-cpu", "code"),
    /// "onnx-cpu (Threads=2, Stop=eos)" is ("onnx-cpu (Threads=2)", "eos"); a label without one has a null policy.
    /// </summary>
    public static (string Configuration, string? Policy) Split(string label)
    {
        string shortName = ConfigurationOrder.ShortName(label);
        if (shortName.Length == label.Length || !label.EndsWith(')'))
            return (label, null);
        var parameters = label[(shortName.Length + 2)..^1].Split(", ").ToList();
        int index = parameters.FindIndex(p => p.StartsWith(Parameter + "=", StringComparison.Ordinal));
        if (index < 0)
            return (label, null);
        string policy = parameters[index][(Parameter.Length + 1)..];
        parameters.RemoveAt(index);
        return (parameters.Count == 0 ? shortName : $"{shortName} ({string.Join(", ", parameters)})", policy);
    }

    private static double? Median(IEnumerable<SampleRow> rows, string metric) =>
        rows.Where(r => r.Metric == metric).Select(r => r.Value).Order().ToArray() is { Length: > 0 } values ? Quantiles.Of(values, 0.5) : null;

    /// <summary>The saving against fixed in %: positive when the policy did less.</summary>
    private static double? Saved(double? fixedValue, double? value) =>
        fixedValue is { } f && value is { } v && f > 0 ? (f - v) / f * 100 : null;
}
