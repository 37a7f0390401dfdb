using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Measurement;

/// <summary>
/// Splits an iteration between the prefill and decode phases of its prompts: times and token counts from the windows
/// the generator stamped, energies as the sums of the CPU + GPU energy over each window. A prompt lasts milliseconds and a
/// meter resolves tens of them, so a window's energy is mostly a share of one sample interval taken in proportion to
/// time; when the phases' typical window is shorter than the meters resolve, the energies are labelled
/// <see cref="Provenance.Interpolated"/> and the case warns.
/// </summary>
public static class PhaseSplit
{
    public const string NotTimed = "the benchmark process did not time the prompts' prefill and decode phases";

    /// <summary>
    /// Why the phase energies of a case are an interpolated split rather than measured, or null when the median prefill
    /// and decode windows are at least as long as <paramref name="resolution"/>.
    /// </summary>
    public static string? Unresolved(IReadOnlyList<IterationRecord> iterations, TimeSpan resolution)
    {
        var windows = iterations.SelectMany(i => i.Phases ?? []).ToList();
        if (windows.Count == 0 || resolution <= TimeSpan.Zero)
            return null;
        double prefill = Median(windows.Select(w => w.Prefill.Seconds)), decode = Median(windows.Select(w => w.Decode.Seconds));
        double shorter = Math.Min(prefill, decode);
        if (shorter >= resolution.TotalSeconds)
            return null;
        return $"the median prefill window ({prefill * 1000:0.###} ms) and decode window ({decode * 1000:0.###} ms) are not both as long as the " +
               $"energy meters resolve ({resolution.TotalMilliseconds:0.###} ms): prefill and decode energies split each sample interval by time " +
               $"(source '{Provenance.Interpolated}'); a shorter --sample-period with a fast counter (RAPL) or longer prompts resolve them";
    }

    /// <summary>The phase times and counts of an iteration; null when it has no phase windows.</summary>
    public static IReadOnlyDictionary<SampleMetric, double>? Times(IterationRecord record)
    {
        if (record.Phases is not { Count: > 0 } phases)
            return null;
        double prefill = phases.Sum(p => p.Prefill.Seconds);
        return new Dictionary<SampleMetric, double>
        {
            [SampleMetric.PromptTokens] = phases.Sum(p => (double)p.PromptTokens),
            [SampleMetric.DecodeTokens] = phases.Sum(p => (double)p.DecodeTokens),
            [SampleMetric.PrefillTime] = prefill,
            [SampleMetric.DecodeTime] = phases.Sum(p => p.Decode.Seconds),
            [SampleMetric.TimeToFirstToken] = prefill / phases.Count,
        };
    }

    /// <summary>
    /// Prefill and decode energy of an iteration and their per-token values, from <paramref name="energy"/> (CPU + GPU
    /// over a window, null when a meter does not cover it); null when any window has no energy.
    /// </summary>
    public static IReadOnlyDictionary<SampleMetric, double>? Energies(IterationRecord record, Func<Window, double?> energy)
    {
        if (record.Phases is not { Count: > 0 } phases)
            return null;
        double? prefill = Sum(phases.Select(p => energy(p.Prefill))), decode = Sum(phases.Select(p => energy(p.Decode)));
        if (prefill is not { } prefillJoules || decode is not { } decodeJoules)
            return null;
        var values = new Dictionary<SampleMetric, double>
        {
            [SampleMetric.PrefillEnergy] = prefillJoules,
            [SampleMetric.DecodeEnergy] = decodeJoules,
        };
        if (phases.Sum(p => p.PromptTokens) is > 0 and var read)
            values[SampleMetric.PrefillEnergyPerToken] = prefillJoules / read;
        if (phases.Sum(p => p.DecodeTokens) is > 0 and var decoded)
            values[SampleMetric.DecodeEnergyPerToken] = decodeJoules / decoded;
        return values;
    }

    private static double? Sum(IEnumerable<double?> values)
    {
        double sum = 0;
        foreach (var value in values)
        {
            if (value is not { } v)
                return null;
            sum += v;
        }
        return sum;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
