using System.Collections.Concurrent;
using EnergyBench.Inference.Engines;
using EnergyBench.Models;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// The tiny preset of every architecture plus codeparrot-test, each built on first use into one scratch directory and
/// shared by the tests of the <see cref="ArchitectureModelsCollection"/>.
/// </summary>
public sealed class ArchitectureModelsFixture : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ConcurrentDictionary<string, Lazy<ModelDirectory>> _models = new();

    public static IReadOnlyList<string> Presets { get; } =
        [.. ModelPreset.ArchitectureTests.Select(p => p.Name), "codeparrot-test"];

    public static TheoryData<string> PresetData => new(Presets);

    /// <summary>The configurations each architecture must match the reference in.</summary>
    public static IReadOnlyList<string> Configurations { get; } = ["onnx-cpu", "torch-cpu", "jit-cpu"];

    public ModelDirectory Model(string preset) =>
        _models.GetOrAdd(preset, name => new Lazy<ModelDirectory>(() =>
        {
            string path = Path.Combine(_directory.Path, name);
            SyntheticModelBuilder.Build(ModelPreset.Get(name), path);
            return new ModelDirectory(path, name);
        })).Value;

    public IDecoderEngine Engine(string preset, string configuration) =>
        EngineFactory.Create(ServingConfiguration.Parse(configuration), Model(preset), new EngineOptions(2));

    public void Dispose() => _directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ArchitectureModelsCollection : ICollectionFixture<ArchitectureModelsFixture>
{
    public const string Name = "Architecture models";
}

/// <summary>Logit comparisons between an engine and the reference, and how decisive a greedy choice is.</summary>
public static class LogitDifference
{
    /// <summary>The best logit minus the second best: how far a rounding difference is from flipping the greedy token.</summary>
    public static double TopTwoMargin(ReadOnlySpan<float> logits)
    {
        float first = float.MinValue, second = float.MinValue;
        foreach (float value in logits)
        {
            if (value > first)
                (first, second) = (value, first);
            else if (value > second)
                second = value;
        }
        return first - second;
    }

    public static double Max(ReadOnlySpan<float> actual, double[] expected)
    {
        double largest = 0;
        for (int i = 0; i < expected.Length; i++)
            largest = Math.Max(largest, Math.Abs(actual[i] - expected[i]));
        return largest;
    }

    public static double Max(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    public static double Scale(double[] logits) => logits.Max(Math.Abs);
}
