using EnergyBench.Models;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Inference.Tests;

/// <summary>The gpt2-test preset (2 layers, d=16), built once per test class into a scratch directory.</summary>
public sealed class TestModelFixture : IDisposable
{
    public TestModelFixture()
    {
        SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), Directory.Path);
        Model = new ModelDirectory(Directory.Path, "gpt2-test");
    }

    public TempDirectory Directory { get; } = new();
    public ModelDirectory Model { get; }

    public static readonly int[][] Prompts =
    [
        [4299, 16124, 1471, 25],
        [755, 76798, 1471, 1680, 512, 220, 1, 100],
        [13],
        [1820, 374, 220, 15, 11, 220, 16, 25, 198, 262, 471],
    ];

    public void Dispose() => Directory.Dispose();
}
