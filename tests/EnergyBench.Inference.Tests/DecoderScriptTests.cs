using EnergyBench.Inference.Engines.Jit;
using EnergyBench.Inference.Native;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models.Weights;

namespace EnergyBench.Inference.Tests;

public class DecoderScriptTests
{
    /// <summary>A semantic error in the script aborts the process; here it does so first, in the smallest test.</summary>
    [Fact]
    public void The_source_compiles()
    {
        LibTorchSharpLoader.EnsureLoaded();
        using var unit = DecoderScript.Compile();
    }

    [Theory]
    [MemberData(nameof(ArchitectureModelsFixture.PresetData), MemberType = typeof(ArchitectureModelsFixture))]
    public void The_weight_slots_hold_every_canonical_weight(string preset)
    {
        var config = ModelPreset.Get(preset).Config;
        var slots = DecoderScript.WeightSlots(config.Layers).ToHashSet();
        var missing = CanonicalWeights.For(config).Select(w => w.Name).Where(name => !slots.Contains(name)).ToList();
        Assert.True(missing.Count == 0, $"{preset}: no slot for {string.Join(", ", missing)}");
        Assert.Equal(DecoderScript.ModelSlots.Length + config.Layers * DecoderScript.LayerSlots.Length, slots.Count);
    }
}
