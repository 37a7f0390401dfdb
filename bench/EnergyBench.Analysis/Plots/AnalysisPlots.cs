using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Reports;
using EnergyBench.Analysis.Statistics;
using ScottPlot;

namespace EnergyBench.Analysis.Plots;

/// <summary>A plot written as PNG and SVG, with the caption reports show under it.</summary>
public sealed record PlotFile(string Name, string Caption, string PngPath, string SvgPath);

/// <summary>
/// The study's figures with ScottPlot: box plots of a metric across configurations (per model, and pooled per size
/// category), time against energy per iteration, and the median energy per token as bars.
/// </summary>
public static class AnalysisPlots
{
    /// <summary>Metrics drawn as box plots, when measured.</summary>
    public static readonly string[] BoxMetrics = ["global_energy_j", "cpu_energy_j", "gpu_energy_j", "time_s", "energy_per_token_j"];

    private const int Width = 900, Height = 520;

    public static IReadOnlyList<PlotFile> Write(RunAnalysis analysis, string directory) => Write(analysis, [], directory);

    public static IReadOnlyList<PlotFile> Write(RunAnalysis analysis, IReadOnlyList<Phases.PhaseRow> phases, string directory)
    {
        Directory.CreateDirectory(directory);
        var plots = new List<PlotFile>();
        foreach (var model in analysis.Models)
        {
            foreach (string metric in BoxMetrics)
                if (Values(analysis, metric, r => r.Model == model.Name) is { Count: > 0 } groups)
                    plots.Add(Box(directory, $"box-{MetricNames.FileSafe(model.Name)}-{metric}",
                        $"{model.Name}: {MetricNames.Name(metric)} per iteration{Estimated(analysis, metric)}",
                        MetricNames.Label(metric, Unit(analysis, metric)), groups));
            if (Scatter(analysis, model.Name, directory) is { } scatter)
                plots.Add(scatter);
        }
        foreach (var category in analysis.Models.Select(m => m.SizeCategory).OfType<int>().Distinct().Order())
        {
            var names = analysis.Models.Where(m => m.SizeCategory == category).Select(m => m.Name).ToHashSet();
            foreach (string metric in new[] { "global_energy_j", "time_s" })
                if (Values(analysis, metric, r => names.Contains(r.Model)) is { Count: > 0 } groups)
                    plots.Add(Box(directory, $"box-category{category}-{metric}",
                        $"Size category {category} ({string.Join(", ", names.Order())}): {MetricNames.Name(metric)} per iteration{Estimated(analysis, metric)}",
                        MetricNames.Label(metric, Unit(analysis, metric)), groups));
        }
        if (EnergyPerToken(analysis, directory) is { } bars)
            plots.Add(bars);
        if (StackedPhases(analysis, phases, directory) is { } stacked)
            plots.Add(stacked);
        return plots;
    }

    private static List<(string Configuration, double[] Values)> Values(RunAnalysis analysis, string metric, Func<Samples.SampleRow, bool> filter) =>
        analysis.Configurations
            .Select(c => (c, analysis.Rows.Where(r => r.Metric == metric && r.Configuration == c && filter(r)).Select(r => r.Value).ToArray()))
            .Where(g => g.Item2.Length > 0)
            .ToList();

    /// <summary>" (estimated)" when any value of the metric comes from the TDP estimate rather than a meter.</summary>
    private static string Estimated(RunAnalysis analysis, string metric) =>
        analysis.Rows.Any(r => r.Metric == metric && EnergyBench.Diagnosers.Meters.Provenance.IsEstimate(r.Source)) ? " (estimated)" : "";

    private static string Unit(RunAnalysis analysis, string metric) => analysis.Rows.First(r => r.Metric == metric).Unit;

    /// <summary>Tukey box plots: box from Q1 to Q3 with the median, whiskers to the furthest values within 1.5 IQR, every value as a dot.</summary>
    private static PlotFile Box(string directory, string name, string title, string yLabel, List<(string Configuration, double[] Values)> groups)
    {
        var plot = new Plot();
        var boxes = new List<Box>();
        for (int i = 0; i < groups.Count; i++)
        {
            var sorted = groups[i].Values.Order().ToArray();
            double q1 = Quantiles.Of(sorted, 0.25), q3 = Quantiles.Of(sorted, 0.75), iqr = q3 - q1;
            boxes.Add(new Box
            {
                Position = i,
                BoxMin = q1,
                BoxMax = q3,
                BoxMiddle = Quantiles.Of(sorted, 0.5),
                WhiskerMin = sorted.Where(v => v >= q1 - 1.5 * iqr).Min(),
                WhiskerMax = sorted.Where(v => v <= q3 + 1.5 * iqr).Max(),
            });
            var dots = plot.Add.ScatterPoints(Enumerable.Repeat((double)i + 0.3, sorted.Length).ToArray(), sorted, Colors.Gray);
            dots.MarkerSize = 4;
        }
        plot.Add.Boxes(boxes);
        Label(plot, title, "Serving configuration", yLabel);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, groups.Count).Select(i => (double)i).ToArray(), groups.Select(g => g.Configuration).ToArray());
        plot.Axes.SetLimitsX(-0.6, groups.Count - 0.4);
        return Save(plot, directory, name, title);
    }

    private static PlotFile? Scatter(RunAnalysis analysis, string model, string directory)
    {
        string energy = analysis.Rows.Any(r => r.Model == model && r.Metric == "global_energy_j") ? "global_energy_j" : "cpu_energy_j";
        var plot = new Plot();
        bool any = false;
        foreach (string configuration in analysis.Configurations)
        {
            var iterations = analysis.Rows.Where(r => r.Model == model && r.Configuration == configuration).GroupBy(r => r.Iteration)
                .Select(g => (Time: g.FirstOrDefault(r => r.Metric == "time_s")?.Value, Energy: g.FirstOrDefault(r => r.Metric == energy)?.Value))
                .Where(p => p.Time is not null && p.Energy is not null).ToList();
            if (iterations.Count == 0)
                continue;
            var points = plot.Add.ScatterPoints(iterations.Select(p => p.Time!.Value).ToArray(), iterations.Select(p => p.Energy!.Value).ToArray());
            points.LegendText = configuration;
            points.MarkerSize = 7;
            any = true;
        }
        if (!any)
            return null;
        string title = $"{model}: execution time vs {MetricNames.Name(energy)}, one point per iteration{Estimated(analysis, energy)}";
        Label(plot, title, MetricNames.Label("time_s", "s"), MetricNames.Label(energy, "J"));
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, directory, $"scatter-{MetricNames.FileSafe(model)}-time-energy", title);
    }

    private static PlotFile? EnergyPerToken(RunAnalysis analysis, string directory)
    {
        var bars = new List<Bar>();
        var ticks = new List<(double, string)>();
        double position = 0;
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var model in analysis.Models)
        {
            var analysed = analysis.Metrics.FirstOrDefault(m => m.Model == model.Name && m.Metric == "energy_per_token_j");
            if (analysed is null)
                continue;
            foreach (var group in analysed.Groups)
            {
                int colour = analysis.Configurations.ToList().IndexOf(group.Configuration);
                bars.Add(new Bar { Position = position, Value = group.Descriptive.Median, FillColor = palette.GetColor(colour) });
                ticks.Add((position, analysis.Models.Count > 1 ? $"{group.Configuration}\n{model.Name}" : group.Configuration));
                position++;
            }
            position += 0.5;
        }
        if (bars.Count == 0)
            return null;
        var plot = new Plot();
        plot.Add.Bars(bars);
        string title = "Median energy per generated token" + Estimated(analysis, "energy_per_token_j");
        Label(plot, title, "Serving configuration", MetricNames.Label("energy_per_token_j", "J"));
        plot.Axes.Bottom.SetTicks(ticks.Select(t => t.Item1).ToArray(), ticks.Select(t => t.Item2).ToArray());
        plot.Axes.Margins(bottom: 0);
        return Save(plot, directory, "bars-energy-per-token", title);
    }

    /// <summary>Per configuration, median prefill energy stacked under median decode energy per iteration (from the phase windows).</summary>
    private static PlotFile? StackedPhases(RunAnalysis analysis, IReadOnlyList<Phases.PhaseRow> phases, string directory)
    {
        double? Median(string model, string configuration, string metric) =>
            analysis.Metrics.FirstOrDefault(m => m.Model == model && m.Metric == metric)?.Groups
                .FirstOrDefault(g => g.Configuration == configuration)?.Descriptive.Median;
        var bars = new List<Bar>();
        var ticks = new List<(double, string)>();
        var palette = new ScottPlot.Palettes.Category10();
        double position = 0;
        foreach (var row in phases)
        {
            if (Median(row.Model, row.Configuration, "prefill_energy_j") is not { } prefill || Median(row.Model, row.Configuration, "decode_energy_j") is not { } decode)
                continue;
            bars.Add(new Bar { Position = position, ValueBase = 0, Value = prefill, FillColor = palette.GetColor(0) });
            bars.Add(new Bar { Position = position, ValueBase = prefill, Value = prefill + decode, FillColor = palette.GetColor(1) });
            ticks.Add((position, phases.Select(p => p.Model).Distinct().Count() > 1 ? $"{row.Configuration}\n{row.Model}" : row.Configuration));
            position++;
        }
        if (bars.Count == 0)
            return null;
        var plot = new Plot();
        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "prefill", FillColor = palette.GetColor(0) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "decode", FillColor = palette.GetColor(1) });
        plot.ShowLegend(Alignment.UpperRight);
        bool estimated = phases.Any(p => EnergyBench.Diagnosers.Meters.Provenance.IsEstimate(p.EnergySource));
        string title = "Prefill and decode energy per iteration (medians)" + (estimated ? " (estimated split)" : "");
        Label(plot, title, "Serving configuration", "Energy per iteration [J]");
        plot.Axes.Bottom.SetTicks(ticks.Select(t => t.Item1).ToArray(), ticks.Select(t => t.Item2).ToArray());
        plot.Axes.Margins(bottom: 0);
        return Save(plot, directory, "stacked-phases", title);
    }

    private static void Label(Plot plot, string title, string x, string y)
    {
        plot.Title(title, size: 15);
        plot.XLabel(x, size: 13);
        plot.YLabel(y, size: 13);
    }

    private static PlotFile Save(Plot plot, string directory, string name, string caption)
    {
        string png = Path.Combine(directory, name + ".png"), svg = Path.Combine(directory, name + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return new PlotFile(name, caption, png, svg);
    }
}
