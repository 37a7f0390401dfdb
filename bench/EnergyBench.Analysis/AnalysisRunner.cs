using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Phases;
using EnergyBench.Analysis.Plots;
using EnergyBench.Analysis.Reports;
using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Tables;

namespace EnergyBench.Analysis;

/// <summary>The files one analysis writes, and its warnings (incomplete or missing cases first) for the console.</summary>
public sealed record AnalysisOutputs(string Markdown, string Html, string Json, IReadOnlyList<PlotFile> Plots, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>analyze</c>: reads the samples of a run (or one samples file), runs the statistics, and writes
/// <c>analysis.md</c>, <c>analysis.html</c>, <c>analysis.json</c> and <c>plots/</c> into the run directory or
/// <paramref name="outputDirectory"/>.
/// </summary>
public static class AnalysisRunner
{
    public const string PlotDirectory = "plots";

    public static AnalysisOutputs Run(string input, string? outputDirectory, AnalysisOptions options)
    {
        var files = SamplesReader.Find(input);
        var samples = SamplesReader.Read(files);
        var analysis = RunAnalysis.Of(files, samples, options);
        var phases = PhaseTable.Of(samples);
        string output = outputDirectory ?? (Directory.Exists(input) ? input : Path.GetDirectoryName(Path.GetFullPath(input))!);
        Directory.CreateDirectory(output);

        var tables = SizeCategoryTable.Of(analysis);
        var context = RunContext.Read(input);
        var plots = AnalysisPlots.Write(analysis, phases, Path.Combine(output, PlotDirectory));
        string markdown = AnalysisMarkdown.Write(analysis, tables, phases, context, plots, PlotDirectory);

        var outputs = new AnalysisOutputs(Path.Combine(output, "analysis.md"), Path.Combine(output, "analysis.html"), Path.Combine(output, "analysis.json"), plots, analysis.Warnings);
        File.WriteAllText(outputs.Markdown, markdown);
        File.WriteAllText(outputs.Html, MarkdownHtml.Convert(markdown, "Energy analysis", output));
        File.WriteAllText(outputs.Json, AnalysisJson.Serialize(analysis, tables, phases, context));
        return outputs;
    }
}
