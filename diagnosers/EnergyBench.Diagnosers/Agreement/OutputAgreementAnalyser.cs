using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Reports;

namespace EnergyBench.Diagnosers.Agreement;

/// <summary>Warns when a configuration's greedy outputs did not match the reference's: its results compare unequal work.</summary>
public sealed class OutputAgreementAnalyser : AnalyserBase
{
    public static readonly OutputAgreementAnalyser Instance = new();

    public override string Id => "EnergyBench.OutputAgreement";

    protected override IEnumerable<Conclusion> AnalyseReport(BenchmarkReport report, Summary summary)
    {
        var agreement = AgreementSettings.Read(report);
        if (agreement?.Valid == false)
            yield return CreateWarning($"results INVALID, outputs differ from the reference: {agreement.Detail}", report);
        else if (agreement is { Short: "n/a" })
            yield return CreateHint(agreement.Detail, report);
    }
}
