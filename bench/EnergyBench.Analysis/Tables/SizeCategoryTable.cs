using EnergyBench.Analysis.Comparison;
using EnergyBench.Analysis.Statistics;

namespace EnergyBench.Analysis.Tables;

/// <summary>One row of a size-category table: the category ("1", "2", "3" or "all") and each configuration's median (null: not measured).</summary>
public sealed record SizeCategoryRow(string Category, IReadOnlyList<double?> Medians)
{
    /// <summary>The index of the smallest median, the row's best value.</summary>
    public int? Best => Medians.Select((m, i) => (m, i)).Where(x => x.m is not null).OrderBy(x => x.m).Select(x => (int?)x.i).FirstOrDefault();
}

/// <summary>
/// The study's tables 4 and 5 for one metric: rows per model size category and for all models, columns per
/// configuration (CPU providers first, then CUDA), each cell the median over every iteration of every model in the
/// category.
/// </summary>
public sealed record SizeCategoryTable(string Metric, string Unit, IReadOnlyList<string> Configurations, IReadOnlyList<SizeCategoryRow> Rows)
{
    /// <summary>The metrics of the study's tables, in its order.</summary>
    public static readonly string[] StudyMetrics = ["global_energy_j", "cpu_energy_j", "gpu_energy_j", "time_s"];

    public static IReadOnlyList<SizeCategoryTable> Of(RunAnalysis analysis) =>
        StudyMetrics.Select(metric => Of(analysis, metric)).OfType<SizeCategoryTable>().ToList();

    public static SizeCategoryTable? Of(RunAnalysis analysis, string metric)
    {
        var rows = analysis.Rows.Where(r => r.Metric == metric).ToList();
        if (rows.Count == 0)
            return null;
        var categoryOf = analysis.Models.ToDictionary(m => m.Name, m => m.SizeCategory);
        var categories = analysis.Models.Select(m => m.SizeCategory).OfType<int>().Distinct().Order().Select(c => c.ToString()).ToList();
        var tableRows = categories.Append("all").Select(category =>
        {
            var inCategory = rows.Where(r => category == "all" || categoryOf.GetValueOrDefault(r.Model)?.ToString() == category).ToList();
            return new SizeCategoryRow(category, analysis.Configurations
                .Select(c => inCategory.Where(r => r.Configuration == c).Select(r => r.Value).Order().ToArray() is { Length: > 0 } values
                    ? (double?)Quantiles.Of(values, 0.5)
                    : null)
                .ToList());
        }).ToList();
        return new SizeCategoryTable(metric, rows[0].Unit, analysis.Configurations, tableRows);
    }
}
