using EnergyBench.Models;
using EnergyBench.Models.Architectures;
using EnergyBench.Models.Registry;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Campaign.Estimates;

/// <summary>
/// A planned model's size without loading or downloading it: the registry's count for a study model (and its twin,
/// which has the same shapes), the preset's shapes for a synthetic preset, config.json for a directory.
/// </summary>
public static class ModelSize
{
    public static long ParametersOf(string reference)
    {
        if (Directory.Exists(reference))
            return Architecture.Load(Path.Combine(reference, "config.json")).ParameterCount;
        if (ModelPreset.TryGet(reference, out var preset))
            return preset.Config.ParameterCount;
        if ((ModelRegistry.Find(reference) ?? ModelRegistry.FindTwin(reference)) is { } study)
            return study.Parameters;
        throw new ArgumentException($"model '{reference}': neither a directory, a preset nor a study model, so its size is unknown " +
                                    $"(study models: {ModelRegistry.KnownNames})");
    }

    /// <summary>
    /// The name under which models of the same shapes meet: a study model and its synthetic twin both give the study
    /// model's name (the twin is built from its config), anything else its own name or full path.
    /// </summary>
    public static string ShapeName(string reference) =>
        Directory.Exists(reference) ? Path.GetFullPath(reference)
        : (ModelRegistry.Find(reference) ?? ModelRegistry.FindTwin(reference))?.Name ?? reference;

    /// <summary>The shape name of a resolved model: a study model's (downloaded or twin), a preset's, else its full path.</summary>
    public static string ShapeName(ModelDirectory model) =>
        (ModelRegistry.Find(model.Name) ?? ModelRegistry.FindTwin(model.Name))?.Name ?? model.Preset?.Name ?? model.Path;
}
