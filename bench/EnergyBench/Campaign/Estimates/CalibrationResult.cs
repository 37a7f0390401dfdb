namespace EnergyBench.Campaign.Estimates;

/// <summary>What a calibration measured on this machine, and how long it took.</summary>
public sealed record CalibrationResult(IReadOnlyList<ConfigurationCalibration> Configurations, double Seconds)
{
    /// <summary>"onnx-cpu, torch-cpu on gpt2-tiny, codeparrot-small-synthetic": what the estimates stand on.</summary>
    public string Describe()
    {
        var calibrated = Configurations.Where(c => c.IsCalibrated).ToList();
        if (calibrated.Count == 0)
            return "no configuration could be calibrated here";
        var models = calibrated.SelectMany(c => c.Timings).Select(t => t.Model).Distinct(StringComparer.OrdinalIgnoreCase);
        return $"{string.Join(", ", calibrated.Select(c => c.Configuration))} on {string.Join(", ", models)}";
    }
}
