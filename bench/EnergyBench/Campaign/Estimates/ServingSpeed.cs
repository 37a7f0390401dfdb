using EnergyBench.Inference.Engines;

namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// How fast one serving configuration runs a model of a given size: model load and decode step as lines in the
/// weights' bytes (<see cref="SizeLine"/>), and what each further token of a forward pass adds. A model the calibration
/// timed itself (or its twin: same shapes) takes its measured load and step instead of the lines.
/// </summary>
/// <param name="ExtraTokenShare">Cost of one more token in a forward pass as a share of a one-token step (<see cref="ReferenceTiming.ExtraTokenShare"/>).</param>
/// <param name="Measured">The calibration's timings, fp32 at batch 1; empty for <see cref="ModelSizeDefaults"/>.</param>
public sealed record ServingSpeed(SizeLine Load, SizeLine Step, double ExtraTokenShare, IReadOnlyList<ReferenceTiming> Measured)
{
    /// <summary>
    /// Fixed constants, the same on every machine, for estimates that must agree across machines (shards planned without a
    /// calibrated plan): load 0.5 s + 0.15 GB/s, decode step 1 ms + 10 GB/s, a further token 10 % of a step. Rounded from
    /// calibrations of the CPU configurations on a 2-core server; only their ratios matter for balancing shards.
    /// </summary>
    public static ServingSpeed ModelSizeDefaults { get; } = new(new SizeLine(0.5, 1 / 0.15e9), new SizeLine(1e-3, 1 / 10e9), 0.1, []);

    /// <summary>The lines through a configuration's reference timings; with one reference size the defaults' lines scaled to it.</summary>
    public static ServingSpeed Fit(ConfigurationCalibration calibration)
    {
        var timings = calibration.Timings;
        if (timings.Count == 0)
            throw new ArgumentException($"{calibration.Configuration}: no reference timings to fit", nameof(calibration));
        var load = SizeLine.Fit(timings.Select(t => (t.WeightBytes, t.LoadSeconds)).ToList(), ModelSizeDefaults.Load);
        var step = SizeLine.Fit(timings.Select(t => (t.WeightBytes, t.DecodeSecondsPerToken)).ToList(), ModelSizeDefaults.Step);
        // The largest reference is the most compute-bound, as the models estimated from it are.
        double share = timings.MaxBy(t => t.Parameters)!.ExtraTokenShare;
        return new ServingSpeed(load, step, share, timings);
    }

    /// <summary>The calibration's timing of the case's model or its twin, when it ran one in the case's precision (fp32).</summary>
    public ReferenceTiming? MeasuredFor(CaseWork work) =>
        work.Precision == Precision.Fp32
            ? Measured.FirstOrDefault(t => t.ShapeName.Equals(ModelSize.ShapeName(work.Model), StringComparison.OrdinalIgnoreCase))
            : null;

    public double LoadSeconds(CaseWork work) => MeasuredFor(work)?.LoadSeconds ?? Load.At(work.WeightBytes);

    /// <summary>One batch-1 decode step: bandwidth-bound, so its time follows the weights' bytes.</summary>
    public double StepSeconds(CaseWork work) => MeasuredFor(work)?.DecodeSecondsPerToken ?? Step.At(work.WeightBytes);

    /// <summary>One forward pass over <paramref name="tokens"/> tokens: a prompt's prefill, or a decode step of that many batched rows.</summary>
    public double ForwardSeconds(CaseWork work, double tokens) => StepSeconds(work) * (1 + Math.Max(0, tokens - 1) * ExtraTokenShare);
}
