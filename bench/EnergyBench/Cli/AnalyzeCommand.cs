using System.CommandLine;
using System.Globalization;
using EnergyBench.Analysis;
using EnergyBench.Analysis.Comparison;

namespace EnergyBench.Cli;

/// <summary><c>analyze</c>: the study's statistics, tables and plots from a run directory or a samples file.</summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "a run directory (artifacts/runs/...) or a *-samples.csv file" };
        var output = new Option<string?>("--out") { Description = "where to write analysis.md/.html/.json and plots/ (default: the run directory)" };
        var test = new Option<string>("--test") { Description = "auto (the study's rule), welch, kruskal or both", DefaultValueFactory = _ => "auto" };
        var baseline = new Option<string?>("--baseline") { Description = "configuration to compute savings against (default torch-cpu)" };
        var alpha = new Option<double>("--alpha") { Description = "significance level", DefaultValueFactory = _ => 0.05 };
        var reference = new Option<string>("--guard-reference")
        {
            Description = "the output-equivalence guard's reference the run used, reported when missing or incomplete",
            DefaultValueFactory = _ => AnalysisOptions.DefaultReference,
        };
        var command = new Command("analyze", "Statistics, tables and plots of a run; names incomplete cases and a missing baseline or guard reference")
        {
            input, output, test, baseline, alpha, reference,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var options = new AnalysisOptions(ParseTest(result.GetValue(test)!), result.GetValue(baseline), ParseAlpha(result.GetValue(alpha)),
                result.GetValue(reference)!.Trim());
            var outputs = AnalysisRunner.Run(result.GetValue(input)!, result.GetValue(output), options);
            Print(outputs);
            return 0;
        }));
        return command;
    }

    public static void Print(AnalysisOutputs outputs)
    {
        foreach (string warning in outputs.Warnings)
            Console.WriteLine($"Warning: {warning}");
        Console.WriteLine($"Analysis: {outputs.Html}");
        Console.WriteLine($"          {outputs.Markdown}, {outputs.Json}, {outputs.Plots.Count} plots in {Path.GetDirectoryName(outputs.Plots.FirstOrDefault()?.PngPath) ?? "-"}");
    }

    private static TestChoice ParseTest(string text) =>
        Enum.TryParse<TestChoice>(text, ignoreCase: true, out var choice) && Enum.IsDefined(choice)
            ? choice
            : throw new ArgumentException($"--test: '{text}' is not one of auto, welch, kruskal, both");

    private static double ParseAlpha(double alpha) =>
        alpha is > 0 and < 1 ? alpha : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--alpha: {alpha} is not between 0 and 1"));
}
