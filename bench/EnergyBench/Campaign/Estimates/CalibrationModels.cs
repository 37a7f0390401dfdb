using EnergyBench.Models;
using EnergyBench.Models.Registry;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// The models a calibration times: models that are here already, so a dry run never downloads or builds a large one.
/// The default preset (built when missing: it takes seconds) gives the small end of the size lines; the planned models
/// present here (downloaded, or their synthetic twins built) are timed themselves; and when none of those is large
/// enough for its decode to be bound by memory bandwidth, the smallest built study twin of that size is added, so the
/// lines have a slope to extrapolate the study's larger models with.
/// </summary>
public static class CalibrationModels
{
    /// <summary>Below this a model's weights fit the caches of many CPUs: its step time says little about bandwidth.</summary>
    public const long BandwidthBoundParameters = 50_000_000;

    public static IReadOnlyList<ModelDirectory> For(IEnumerable<string> plannedModels, CalibrationOptions options, Action<string> progress)
    {
        var chosen = new List<ModelDirectory> { SyntheticModelBuilder.EnsureBuilt(ModelPreset.Default, progress: m => progress($"model {ModelPreset.Default}: {m}")) };
        foreach (string reference in plannedModels.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (Present(reference) is not { } model)
                continue;
            long parameters = model.LoadConfig().ParameterCount;
            if (parameters > options.MaxReferenceParameters)
                progress($"calibration: {model.Name} is here but not timed ({parameters / 1e6:0} M parameters; the calibration times models up to " +
                         $"{options.MaxReferenceParameters / 1e6:0} M), its cases are estimated from its size");
            else
                Add(chosen, model);
        }
        if (!chosen.Any(m => m.LoadConfig().ParameterCount >= BandwidthBoundParameters)
            && BuiltTwins().Where(t => t.Parameters >= BandwidthBoundParameters && t.Parameters <= options.MaxReferenceParameters)
                .OrderBy(t => t.Parameters).Select(t => t.Model).FirstOrDefault() is { } twin)
            Add(chosen, twin);
        return chosen;
    }

    /// <summary>A planned model that can be loaded here without downloading or building: itself, else its built twin.</summary>
    private static ModelDirectory? Present(string reference)
    {
        if (Directory.Exists(reference))
        {
            var directory = ModelDirectory.Resolve(reference);
            return directory.Exists ? directory : null;
        }
        if (ModelPreset.TryGet(reference, out var preset))
        {
            var built = new ModelDirectory(ModelDirectory.CachePath(preset.Name), preset.Name, preset);
            return built.Exists && !built.IsUnbuiltSynthetic ? built : null;
        }
        var study = ModelRegistry.Find(reference) ?? ModelRegistry.FindTwin(reference);
        if (study is null)
            return null;
        if (ModelRegistry.Find(reference) is not null && ModelDirectory.FindDownload(study) is { } download)
            return download;
        var twin = Twin(study);
        return twin.IsUnbuiltSynthetic || !twin.Exists ? null : twin;
    }

    private static IEnumerable<(ModelDirectory Model, long Parameters)> BuiltTwins() =>
        ModelRegistry.All.Select(Twin).Where(t => t.Exists && !t.IsUnbuiltSynthetic).Select(t => (t, t.TwinOf!.Parameters));

    private static ModelDirectory Twin(StudyModel study) =>
        new(ModelDirectory.CachePath(study.TwinName), study.TwinName, twinOf: study);

    private static void Add(List<ModelDirectory> chosen, ModelDirectory model)
    {
        if (!chosen.Any(m => m.Path == model.Path))
            chosen.Add(model);
    }
}
