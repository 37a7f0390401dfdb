namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// The calibration of one serving configuration: its reference models' timings, or why it could not be calibrated
/// here (the configuration does not run on this machine, or every reference failed).
/// </summary>
/// <param name="Configuration">The configuration's short name (<c>onnx-cpu</c>).</param>
/// <param name="Threads">Intra-op threads the references ran with.</param>
/// <param name="Failures">References that could not be timed, with the reason.</param>
public sealed record ConfigurationCalibration(string Configuration, int Threads, IReadOnlyList<ReferenceTiming> Timings,
    string? Unavailable = null, IReadOnlyList<string>? Failures = null)
{
    public bool IsCalibrated => Unavailable is null && Timings.Count > 0;
}
