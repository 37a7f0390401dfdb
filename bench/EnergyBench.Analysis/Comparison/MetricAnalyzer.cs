using EnergyBench.Analysis.Samples;
using EnergyBench.Analysis.Statistics;

namespace EnergyBench.Analysis.Comparison;

/// <summary>
/// Runs the study's tests on one metric of one model. The rule (as in the study): when Shapiro-Wilk accepts normality
/// for every configuration, Welch's ANOVA with Games-Howell; otherwise Kruskal-Wallis with Dunn (Holm). A test that
/// cannot be computed (too few iterations, no variance) is left out with a note, never reported as NaN.
/// </summary>
public static class MetricAnalyzer
{
    /// <summary>
    /// Metrics no saving is computed for: tokens (larger is better) and the CPU other processes took (a diagnostic of
    /// the machine, not a cost of the configuration).
    /// </summary>
    private static readonly HashSet<string> HigherIsBetter = [Diagnosers.Measurement.SampleMetric.Tokens.Name, CaseStatus.ForeignCpuMetric];

    public static MetricAnalysis Analyze(string model, string metric, IReadOnlyList<SampleRow> rows, int? sizeCategory, AnalysisOptions options, string baseline)
    {
        var notes = new List<string>();
        var groups = ConfigurationOrder.Sort(rows.Select(r => r.Configuration))
            .Select(c => new Group(c, rows.Where(r => r.Configuration == c).OrderBy(r => r.Iteration).Select(r => r.Value).ToArray()))
            .ToList();
        var summaries = groups.Select(g => new GroupSummary(g.Name, Descriptive.Of(g.Values), TestNormality(g, options.Alpha))).ToList();
        string unit = rows[0].Unit;
        var sources = rows.Select(r => r.Source).Distinct().Order().ToList();
        if (groups.Count < 2)
        {
            notes.Add($"only {groups.Count} configuration measured {metric}: nothing to compare");
            return new MetricAnalysis(model, metric, unit, sources, sizeCategory, summaries, null, "none", notes[0], null, null, [],
                new EffectSummary(null, null, []), [], notes);
        }

        bool allNormal = summaries.All(s => s.Normality.Normal);
        var (decision, reason) = options.Test switch
        {
            TestChoice.Welch => ("welch", "forced with --test welch"),
            TestChoice.Kruskal => ("kruskal", "forced with --test kruskal"),
            _ when allNormal => ("welch", $"Shapiro-Wilk accepts normality (p >= {options.Alpha}) for every configuration"),
            _ => ("kruskal", "Shapiro-Wilk rejects normality, or cannot test it, for " +
                             string.Join(", ", summaries.Where(s => !s.Normality.Normal).Select(s => s.Configuration))),
        };
        if (options.Test == TestChoice.Both)
            reason += "; --test both reports the other test too";

        var levene = Try(() => BrownForsythe.Test(groups), notes);
        var welch = Try(() => WelchAnova.Test(groups), notes);
        var kruskal = Try(() => KruskalWallis.Test(groups), notes);
        var gamesHowell = decision == "welch" || options.Test == TestChoice.Both ? Try(() => GamesHowell.Test(groups), notes) ?? [] : [];
        var dunn = decision == "kruskal" || options.Test == TestChoice.Both ? Try(() => Dunn.Test(groups), notes) ?? [] : [];
        var (omnibus, alternative) = decision == "welch" ? (welch, kruskal) : (kruskal, welch);
        IReadOnlyList<PairResult> posthoc = decision == "welch" ? [.. gamesHowell, .. dunn] : [.. dunn, .. gamesHowell];

        int n = groups.Sum(g => g.Count);
        var effects = new EffectSummary(
            Try(() => EffectSizes.OmegaSquared(groups), notes),
            kruskal is null ? null : EffectSizes.EpsilonSquared(kruskal, n),
            Pairs(groups, summaries, metric));
        return new MetricAnalysis(model, metric, unit, sources, sizeCategory, summaries, levene, decision, reason, omnibus, alternative,
            posthoc, effects, Savings(summaries, metric, baseline), notes);
    }

    private static Normality TestNormality(Group group, double alpha)
    {
        try
        {
            var (w, p) = ShapiroWilk.Test(group.Values);
            return new Normality(w, p, p >= alpha, null);
        }
        catch (StatisticsException e)
        {
            return new Normality(null, null, false, e.Message);
        }
    }

    private static IReadOnlyList<PairEffect> Pairs(IReadOnlyList<Group> groups, IReadOnlyList<GroupSummary> summaries, string metric)
    {
        var pairs = new List<PairEffect>();
        for (int i = 0; i < groups.Count; i++)
        for (int j = i + 1; j < groups.Count; j++)
            pairs.Add(new PairEffect(groups[i].Name, groups[j].Name, EffectSizes.VarghaDelaneyA12(groups[i].Values, groups[j].Values),
                SavingPercent(summaries[i].Descriptive.Median, summaries[j].Descriptive.Median, metric)));
        return pairs;
    }

    private static IReadOnlyList<Saving> Savings(IReadOnlyList<GroupSummary> summaries, string metric, string baseline)
    {
        var reference = summaries.FirstOrDefault(s => s.Configuration == baseline);
        if (reference is null)
            return [];
        return summaries.Where(s => s != reference)
            .Select(s => SavingPercent(s.Descriptive.Median, reference.Descriptive.Median, metric) is { } percent ? new Saving(s.Configuration, baseline, percent) : null)
            .OfType<Saving>().ToList();
    }

    /// <summary>How much less <paramref name="value"/> is than <paramref name="reference"/>, in % of the reference.</summary>
    private static double? SavingPercent(double value, double reference, string metric) =>
        HigherIsBetter.Contains(metric) || reference == 0 ? null : (reference - value) / reference * 100;

    private static T? Try<T>(Func<T> test, List<string> notes) where T : class
    {
        try
        {
            return test();
        }
        catch (StatisticsException e)
        {
            notes.Add(e.Message);
            return null;
        }
    }

    private static double? Try(Func<double> test, List<string> notes)
    {
        try
        {
            return test();
        }
        catch (StatisticsException e)
        {
            notes.Add(e.Message);
            return null;
        }
    }
}
