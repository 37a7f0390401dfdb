using System.Globalization;
using System.Text;
using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Statistics;

namespace EnergyBench.Analysis.Roofline;

/// <summary>A model's cost and the work one iteration gave it.</summary>
public sealed record ModelWorkload(ModelCost Cost, GenerationWorkload Workload);

/// <summary>One case of a run against the machine's limits.</summary>
public sealed record RooflineRow(string Configuration, string Model, int Iterations, double TokensPerSecond, double DecodeBound, double GenerationBound,
    ModelWorkload Work)
{
    public double DecodeShare => TokensPerSecond / DecodeBound;
    public double GenerationShare => TokensPerSecond / GenerationBound;
}

/// <summary>
/// Places each configuration x model of a run against the roofline: measured tokens/s (the median over iterations of
/// tokens / time) as a share of the decode bandwidth bound and of the whole-generation bound (prefill at the matmul rate).
/// </summary>
public static class RooflineTable
{
    public static IReadOnlyList<RooflineRow> Of(IReadOnlyList<SampleRow> samples, IReadOnlyDictionary<string, ModelWorkload> models, MachineLimits limits)
    {
        var rows = new List<RooflineRow>();
        foreach (var group in samples.GroupBy(s => (s.Model, s.Configuration)))
        {
            var (model, configuration) = group.Key;
            var perIteration = group.GroupBy(s => (s.Launch, s.Iteration))
                .Select(i => (Tokens: Value(i, "tokens"), Seconds: Value(i, "time_s")))
                .Where(i => i.Tokens is > 0 && i.Seconds is > 0)
                .Select(i => i.Tokens!.Value / i.Seconds!.Value)
                .Order().ToList();
            if (perIteration.Count == 0)
                throw new SamplesFormatException($"{configuration} on {model}: no iteration with both tokens and time_s in the samples (run the benchmarks with meters on)");
            if (!models.TryGetValue(model, out var work))
                throw new ArgumentException($"{model}: no shape or workload given for this model of the run");
            rows.Add(new RooflineRow(configuration, model, perIteration.Count, Quantiles.Of(perIteration, 0.5),
                work.Workload.DecodeTokensPerSecondBound(work.Cost, limits.BytesPerSecond),
                work.Workload.GenerationTokensPerSecondBound(work.Cost, limits.BytesPerSecond, limits.FlopsPerSecond), work));
        }
        var order = ConfigurationOrder.Sort(rows.Select(r => r.Configuration)).ToList();
        return rows.OrderBy(r => order.IndexOf(r.Configuration)).ThenBy(r => r.Work.Cost.WeightsReadPerToken).ThenBy(r => r.Model, StringComparer.Ordinal).ToList();
    }

    private static double? Value(IEnumerable<SampleRow> iteration, string metric) =>
        iteration.FirstOrDefault(s => s.Metric == metric)?.Value;

    public static string Markdown(IReadOnlyList<RooflineRow> rows, MachineLimits limits)
    {
        var text = new StringBuilder();
        text.AppendLine("## Roofline");
        text.AppendLine();
        text.AppendLine(Invariant($"Read bandwidth {limits.BytesPerSecond / 1e9:F1} GB/s ({limits.BandwidthMethod}); fp32 matmul {limits.FlopsPerSecond / 1e9:F1} GFLOP/s ({limits.MatmulMethod}). Measured in this process; both vary between runs."));
        text.AppendLine();
        text.AppendLine("Decode bound: bandwidth / (weight bytes + KV bytes at the mean decode context), batch 1, fp32. " +
                        "Generation bound: the iteration's prefills at the matmul rate plus its decode steps at the bandwidth. " +
                        "Tokens/s is the median over iterations of generated tokens / iteration time (prefill included).");
        text.AppendLine();
        text.AppendLine("| configuration | model | weights read/token (MB) | mean context | tokens/s | decode bound | % of decode bound | generation bound | % of generation bound |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            text.AppendLine(Invariant(
                $"| {r.Configuration} | {r.Model} | {r.Work.Cost.WeightBytesPerToken / 1e6:F1} | {r.Work.Workload.AverageDecodeContext:F1} | {r.TokensPerSecond:F1} | {r.DecodeBound:F1} | {100 * r.DecodeShare:F0} % | {r.GenerationBound:F1} | {100 * r.GenerationShare:F0} % |"));
        if (rows.Any(r => r.DecodeShare > 1))
        {
            // No case can beat the bound it was measured under: the machine had less bandwidth now than during the run.
            text.AppendLine();
            text.AppendLine("A share above 100 % means this measurement found less bandwidth than the run had (other work on the machine, " +
                            "another host): measure again on the idle machine the run used. A model small enough to stay in the CPU's " +
                            "caches between steps can also beat the memory bound.");
        }
        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
