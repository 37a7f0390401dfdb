using System.Collections.Concurrent;
using EnergyBench.Models;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Inference.Tests;

/// <summary>The tiny preset of every architecture, and codeparrot-test, each built on first use into one scratch directory.</summary>
public sealed class ArchitectureModelsFixture : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ConcurrentDictionary<string, Lazy<ModelDirectory>> _models = new();

    public static IReadOnlyList<string> Names { get; } =
        [.. ModelPreset.ArchitectureTests.Select(p => p.Name), "codeparrot-test"];

    public static TheoryData<string> Presets => new(Names);

    public ModelDirectory this[string preset] => _models.GetOrAdd(preset, name => new Lazy<ModelDirectory>(() =>
    {
        string path = _directory.File(name);
        SyntheticModelBuilder.Build(ModelPreset.Get(name), path);
        return new ModelDirectory(path, name);
    })).Value;

    public void Dispose() => _directory.Dispose();
}
