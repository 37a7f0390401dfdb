using System.Globalization;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Diagnosers.Exporters;

/// <summary>
/// Writes <c>*-samples.csv</c>: one row per actual iteration and metric, in long format, with the columns
/// <c>model,configuration,iteration,metric,value,unit,source</c>. This is the input of the analysis and of the
/// regression gate; a metric that could not be measured has no rows (its reason is in the report legends).
/// </summary>
public sealed class SamplesCsvExporter(EnergyDiagnoser diagnoser) : ExporterBase
{
    public const string Header = "model,configuration,iteration,metric,value,unit,source";

    protected override string FileExtension => "csv";
    protected override string FileCaption => "samples";

    public override void ExportToLog(Summary summary, ILogger logger)
    {
        logger.WriteLine(Header);
        foreach (var report in summary.Reports)
        {
            if (!diagnoser.Results.TryGetValue(report.BenchmarkCase, out var measurement))
                continue;
            var settings = BenchmarkProcessOutput.Settings(report);
            string model = settings.GetValueOrDefault("model")
                           ?? report.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Model")?.Value?.ToString() ?? "";
            string configuration = settings.GetValueOrDefault("configuration") ?? report.BenchmarkCase.Descriptor.Type.Name;
            foreach (var iteration in measurement.Iterations)
                foreach (var metric in SampleMetric.All)
                    if (iteration[metric] is { } value)
                        logger.WriteLine(string.Join(',', Field(model), Field(configuration),
                            iteration.Index.ToString(CultureInfo.InvariantCulture), metric.Name,
                            value.Value.ToString("R", CultureInfo.InvariantCulture), metric.Unit, value.Source));
        }
    }

    /// <summary>RFC 4180 quoting for the free-text fields (a model may be a path with commas).</summary>
    private static string Field(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
