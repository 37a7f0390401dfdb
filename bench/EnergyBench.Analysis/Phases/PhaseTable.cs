using System.Text.RegularExpressions;
using EnergyBench.Analysis.Samples;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Analysis.Phases;

/// <summary>
/// One (model, configuration) split between prefill and decode; medians over the iterations. The window columns come
/// from the phase windows inside the Generate iterations; the measured columns, when the run has the Prefill benchmark
/// too, from whole Prefill iterations (prefill energy measured over seconds, decode = Generate less Prefill).
/// </summary>
/// <param name="EnergySource">Provenance of the window energies: <c>interpolated</c> when the meters could not resolve the windows.</param>
public sealed record PhaseRow(
    string Model, string Configuration,
    double? PrefillTimeShare, double? PrefillEnergyShare, double? TimeToFirstTokenSeconds,
    double? PrefillJoulesPerToken, double? DecodeJoulesPerToken, string? EnergySource,
    double? MeasuredPrefillJoules, double? MeasuredPrefillShare, double? SubtractedDecodeJoulesPerToken);

/// <summary>Builds the prefill/decode table from a run's samples, and tells the prefill-only cases apart.</summary>
public static class PhaseTable
{
    private const string Generate = CaseLabels.MethodParameter + "=Generate", Prefill = CaseLabels.MethodParameter + "=Prefill";

    /// <summary>Whether a configuration label names a case of the Prefill benchmark, which does other work than Generate.</summary>
    public static bool IsPrefillCase(string configuration) => configuration.Contains(Prefill, StringComparison.Ordinal);

    /// <summary>
    /// The label of the Prefill case paired with a Generate case: labels differ only by the method when the run has both,
    /// e.g. <c>onnx-cpu (Method=Generate)</c> and <c>onnx-cpu (Method=Prefill)</c>.
    /// The Prefill benchmark runs under the fixed stop policy only (one new token ends every policy alike), so a
    /// Generate case under another policy pairs with it too.
    /// </summary>
    public static string PrefillLabelOf(string configuration) =>
        Regex.Replace(configuration.Replace(Generate, Prefill, StringComparison.Ordinal), @"\bStop=[^,)]+", "Stop=fixed");

    /// <summary>A row per Generate case that has phase windows; empty when none has.</summary>
    public static IReadOnlyList<PhaseRow> Of(IReadOnlyList<SampleRow> rows)
    {
        var measured = rows.Where(CaseStatus.IsMeasurement).ToList();
        var table = new List<PhaseRow>();
        foreach (var group in measured.Where(r => !IsPrefillCase(r.Configuration)).GroupBy(r => (r.Model, r.Configuration)))
        {
            var iterations = group.GroupBy(r => (r.Launch, r.Iteration)).Select(i => i.ToDictionary(r => r.Metric, r => r.Value)).ToList();
            double? Median(Func<Dictionary<string, double>, double?> value) => Middle(iterations.Select(value).OfType<double>().ToList());
            if (Median(i => i.TryGetValue("prefill_time_s", out var t) ? t : null) is null)
                continue;

            var prefillCase = measured.Where(r => r.Model == group.Key.Model && r.Configuration == PrefillLabelOf(group.Key.Configuration)
                                                  && group.Key.Configuration.Contains(Generate, StringComparison.Ordinal)).ToList();
            double? prefillMeasured = Middle(prefillCase.Where(r => r.Metric == "global_energy_j").Select(r => r.Value).ToList());
            double? generateEnergy = Median(i => Get(i, "global_energy_j"));
            double? decodeTokens = Median(i => Get(i, "decode_tokens"));
            double? subtracted = prefillMeasured is { } p && generateEnergy is { } g && decodeTokens is > 0 and var n ? (g - p) / n : null;

            table.Add(new PhaseRow(group.Key.Model, group.Key.Configuration,
                Median(i => Share(i, "prefill_time_s", "decode_time_s")),
                Median(i => Share(i, "prefill_energy_j", "decode_energy_j")),
                Median(i => Get(i, "time_to_first_token_s")),
                Median(i => Get(i, "prefill_energy_per_token_j")),
                Median(i => Get(i, "decode_energy_per_token_j")),
                group.Where(r => r.Metric == "prefill_energy_j").Select(r => r.Source).Distinct().Aggregate((string?)null, (a, b) => a is null ? b : Provenance.Weakest(a, b)),
                prefillMeasured,
                prefillMeasured is { } pm && generateEnergy is > 0 and var ge ? pm / ge : null,
                subtracted));
        }
        return table;
    }

    private static double? Get(Dictionary<string, double> iteration, string metric) => iteration.TryGetValue(metric, out var v) ? v : null;

    private static double? Share(Dictionary<string, double> iteration, string part, string rest) =>
        Get(iteration, part) is { } a && Get(iteration, rest) is { } b && a + b > 0 ? a / (a + b) : null;

    private static double? Middle(List<double> values)
    {
        if (values.Count == 0)
            return null;
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
