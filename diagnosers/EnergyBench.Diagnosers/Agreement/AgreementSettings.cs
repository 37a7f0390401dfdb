using System.Globalization;
using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Iterations;

namespace EnergyBench.Diagnosers.Agreement;

/// <summary>
/// The output-equivalence guard's verdict as a benchmark process reports it (settings lines): a short cell text, a
/// one-line description, whether the results are valid and the share of identical prompts.
/// </summary>
public sealed record AgreementSettings(string Short, string Detail, bool? Valid, double? Share)
{
    public const string ShortKey = "agreement";
    public const string DetailKey = "agreement_detail";
    public const string ValidKey = "agreement_valid";
    public const string ShareKey = "agreement_share";

    public static AgreementSettings? Read(BenchmarkReport report)
    {
        var settings = BenchmarkProcessOutput.Settings(report);
        if (!settings.TryGetValue(ShortKey, out var shortText))
            return null;
        return new AgreementSettings(shortText, settings.GetValueOrDefault(DetailKey, ""),
            settings.TryGetValue(ValidKey, out var valid) ? valid == "true" : null,
            settings.TryGetValue(ShareKey, out var share) && double.TryParse(share, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? s : null);
    }
}
