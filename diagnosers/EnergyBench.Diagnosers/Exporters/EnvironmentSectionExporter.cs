using System.Net;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Agreement;
using EnergyBench.Diagnosers.Columns;
using EnergyBench.Diagnosers.Iterations;

namespace EnergyBench.Diagnosers.Exporters;

/// <summary>
/// Wraps BenchmarkDotNet's markdown or HTML report and adds to its environment section what the benchmark processes
/// reported about their engines: engine and native library versions, provider, precision and thread settings, one
/// line per configuration. BenchmarkDotNet's host environment has no extension point for this, so the report text
/// is edited: the lines go at the end of the first code block, which is where the environment is written.
/// </summary>
public sealed class EnvironmentSectionExporter : IExporter
{
    /// <summary>The statistical analysis sits beside results/ in the run directory (written by ./run.sh or ./run.sh analyze).</summary>
    private const string AnalysisLink =
        "<p><a href=\"../analysis.html\">Statistical analysis of this run</a> (tests, tables by size category and plots; written by " +
        "<code>./run.sh</code>, or by <code>./run.sh analyze RUN_DIR</code> after <code>./run.sh bench</code>)</p>\n";

    private readonly IExporter _inner;
    private readonly string _extension, _caption, _blockEnd;
    private readonly bool _html;

    private EnvironmentSectionExporter(IExporter inner, string extension, string caption, string blockEnd, bool html)
    {
        (_inner, _extension, _caption, _blockEnd, _html) = (inner, extension, caption, blockEnd, html);
    }

    // BenchmarkDotNet keeps one exporter per name; take the wrapped one's, so the two wrappers do not collide.
    public string Name => _inner.Name;

    /// <summary>
    /// The file the wrapped exporter would write: named after the benchmark class when the summary has one, after the
    /// summary's title (e.g. a joined run) otherwise.
    /// </summary>
    public IEnumerable<string> ExportToFiles(Summary summary, ILogger consoleLogger)
    {
        var types = summary.BenchmarksCases.Select(c => c.Descriptor.Type).Distinct().ToList();
        string name = types.Count == 1 ? types[0].FullName ?? summary.Title : summary.Title;
        string path = Path.Combine(summary.ResultsDirectoryPath, $"{name}-{_caption}.{_extension}");
        Directory.CreateDirectory(summary.ResultsDirectoryPath);
        using (var writer = new StreamWriter(path))
            ExportToLog(summary, new StreamLogger(writer));
        return [path];
    }

    /// <summary>The GitHub markdown and the HTML reports wrapped; any other exporter as it is.</summary>
    public static IExporter Wrap(IExporter exporter) =>
        exporter == MarkdownExporter.GitHub ? new EnvironmentSectionExporter(MarkdownExporter.GitHub, "md", "report-github", "```", html: false)
        : exporter == HtmlExporter.Default ? new EnvironmentSectionExporter(HtmlExporter.Default, "html", "report", "</code></pre>", html: true)
        : exporter;

    public void ExportToLog(Summary summary, ILogger logger)
    {
        var buffer = new AccumulationLogger();
        _inner.ExportToLog(summary, buffer);
        string text = buffer.GetLog();
        var lines = EngineLines(summary).Select(line => _html ? WebUtility.HtmlEncode(line) : line).ToList();
        int end = BlockEnd(text);
        if (lines.Count > 0 && end >= 0)
            text = text[..end] + string.Concat(lines.Select(line => line + Environment.NewLine)) + text[end..];
        if (_html && text.LastIndexOf("</body>", StringComparison.Ordinal) is var body and >= 0)
            text = text[..body] + AnalysisLink + text[body..];
        logger.Write(text);
    }

    /// <summary>"torch-cpu: engine=TorchSharp 0.107.0, provider=CPU, precision=fp32, ..." once per distinct configuration setup.</summary>
    public static IEnumerable<string> EngineLines(Summary summary) =>
        summary.Reports
            .Select(BenchmarkProcessOutput.Settings)
            .Where(settings => settings.ContainsKey("configuration"))
            .Select(settings => settings["configuration"] + ": " + string.Join(", ", settings
                .Where(pair => pair.Key is not ("configuration" or "model" or SamplesCsvExporter.ParametersSetting or PeakRssShareColumn.WeightBytesSetting) && !pair.Key.StartsWith(AgreementSettings.ShortKey, StringComparison.Ordinal))
                .Select(pair => $"{pair.Key}={pair.Value}")))
            .Distinct();

    /// <summary>Where the first code block (the environment) closes: the second fence in markdown, the first close tag in HTML.</summary>
    private int BlockEnd(string text)
    {
        if (_html)
            return text.IndexOf(_blockEnd, StringComparison.Ordinal);
        int open = text.IndexOf(_blockEnd, StringComparison.Ordinal);
        return open < 0 ? -1 : text.IndexOf(_blockEnd, open + _blockEnd.Length, StringComparison.Ordinal);
    }
}
