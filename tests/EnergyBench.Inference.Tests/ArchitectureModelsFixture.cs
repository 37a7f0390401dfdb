using EnergyBench.Models;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Inference.Tests;

/// <summary>The tiny model of every architecture (and codeparrot's layer-scaled GPT-2), built once per test class.</summary>
public sealed class ArchitectureModelsFixture : IDisposable
{
    public static IReadOnlyList<string> PresetNames { get; } = [.. ModelPreset.ArchitectureTests.Select(p => p.Name), "codeparrot-test"];

    public static TheoryData<string> Presets => [.. PresetNames];

    private readonly Dictionary<string, ModelDirectory> _models = [];

    public ArchitectureModelsFixture()
    {
        foreach (string name in PresetNames)
        {
            string path = Directory.File(name);
            SyntheticModelBuilder.Build(ModelPreset.Get(name), path);
            _models[name] = new ModelDirectory(path, name);
        }
    }

    public TempDirectory Directory { get; } = new();

    public ModelDirectory Model(string preset) => _models[preset];

    public void Dispose() => Directory.Dispose();
}
