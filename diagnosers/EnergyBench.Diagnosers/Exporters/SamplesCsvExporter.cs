using System.Globalization;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Agreement;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;
using EnergyBench.Diagnosers.Samples;

namespace EnergyBench.Diagnosers.Exporters;

/// <summary>
/// Writes <c>*-samples.csv</c> (<see cref="SamplesSchema"/>): one row per actual iteration and metric. This is the input of the analysis and of the
/// regression gate; a metric that could not be measured has no rows (its reason is in the report legends).
/// </summary>
public sealed class SamplesCsvExporter(EnergyDiagnoser diagnoser) : ExporterBase
{
    /// <summary>The setting the benchmark process reports the parameter count in.</summary>
    public const string ParametersSetting = "parameters";

    protected override string FileExtension => "csv";
    protected override string FileCaption => "samples";

    public override void ExportToLog(Summary summary, ILogger logger)
    {
        logger.WriteLine(SamplesSchema.Header);
        var labels = CaseLabels.Of(summary.Reports, diagnoser.PlannedLabels);
        foreach (var report in summary.Reports)
        {
            if (!diagnoser.Results.TryGetValue(report.BenchmarkCase, out var measurement))
                continue;
            var settings = BenchmarkProcessOutput.Settings(report);
            var (model, configuration) = labels[report];
            double? agreement = AgreementSettings.Read(report)?.Share;
            double? parameters = settings.TryGetValue(ParametersSetting, out var count)
                                 && double.TryParse(count, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) ? p : null;
            double? runtimeRss = RuntimeRssSetting.Mib(settings);
            string Row(int iteration, string metric, double value, string unit, string source) => string.Join(',', Field(model), Field(configuration),
                iteration.ToString(CultureInfo.InvariantCulture), metric, value.ToString("R", CultureInfo.InvariantCulture), unit, source);
            // What a case is, and whether it finished, travels with every iteration (or with one case-level row when
            // none finished), so the analysis can leave out unequal work and name incomplete cases.
            IEnumerable<string> CaseRows(int iteration)
            {
                if (measurement.Incomplete is not null)
                    yield return Row(iteration, SamplesSchema.IncompleteMetric, 1, "flag", "run");
                if (measurement.TimedOut)
                    yield return Row(iteration, SamplesSchema.TimedOutMetric, 1, "flag", "watchdog");
                if (measurement.PlannedIterations is { } planned)
                    yield return Row(iteration, SamplesSchema.PlannedIterationsMetric, planned, "count", "job");
                if (agreement is { } share)
                    yield return Row(iteration, SamplesSchema.OutputAgreementMetric, share, "share", "guard");
                if (parameters is { } n)
                    yield return Row(iteration, SamplesSchema.ParametersMetric, n, "count", "config");
                if (runtimeRss is { } baseline)
                    yield return Row(iteration, SamplesSchema.RuntimeRssMetric, baseline, "MiB", "engine");
            }
            foreach (var iteration in measurement.Iterations)
            {
                foreach (var metric in SampleMetric.All)
                    if (iteration[metric] is { } value)
                        logger.WriteLine(Row(iteration.Index, metric.Name, value.Value, metric.Unit, value.Source));
                foreach (string row in CaseRows(iteration.Index))
                    logger.WriteLine(row);
            }
            if (measurement.Iterations.Count == 0)
                foreach (string row in CaseRows(SamplesSchema.CaseLevelIteration))
                    logger.WriteLine(row);
        }
    }

    /// <summary>RFC 4180 quoting for the free-text fields (a model may be a path with commas).</summary>
    private static string Field(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
