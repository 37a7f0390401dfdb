using EnergyBench.Models.Registry;

namespace EnergyBench.Models.Tests.Twins;

/// <summary>How a twin is named: NAME-synthetic (short name or hub id), and selectors with the same suffix.</summary>
public class TwinReferenceTests
{
    [Theory]
    [InlineData("pythia-410m-synthetic")]
    [InlineData("EleutherAI/Pythia-410m-SYNTHETIC")]
    public void A_twin_is_named_by_its_models_name_or_hub_id_and_the_suffix(string reference)
    {
        Assert.Equal("pythia-410m", ModelRegistry.FindTwin(reference)?.Name);
        var model = ModelDirectory.Resolve(reference);
        Assert.Equal(Path.Combine(SuitePaths.Models, "pythia-410m-synthetic"), model.Path);
        Assert.Equal("pythia-410m", model.TwinOf?.Name);
    }

    [Fact]
    public void Names_that_are_not_twins_are_not_taken_for_twins()
    {
        Assert.Null(ModelRegistry.FindTwin("pythia-410m"));
        Assert.Null(ModelRegistry.FindTwin("gpt2-test-synthetic"));
        Assert.Null(ModelRegistry.FindTwin("-synthetic"));
    }

    [Fact]
    public void Expand_names_twins_one_way_and_turns_twin_selectors_into_the_categorys_twins() =>
        Assert.Equal(["codeparrot-small-synthetic", "tiny_starcoder_py-synthetic", "pythia-410m-synthetic", "bloom-560m-synthetic", "phi-2-synthetic", "phi-2"],
            ModelRegistry.Expand(["category1-synthetic", "microsoft/phi-2-synthetic", "PYTHIA-410M-synthetic", "phi-2"]));

    [Fact]
    public void An_unbuilt_twin_says_how_to_build_it()
    {
        var model = new ModelDirectory(Path.Combine(Path.GetTempPath(), "energybench-absent-" + Guid.NewGuid().ToString("N")),
            "bloom-560m-synthetic", twinOf: ModelRegistry.Get("bloom-560m"));
        Assert.True(model.IsUnbuiltSynthetic);
        var error = Assert.Throws<ModelFormatException>(() => model.RequireBuilt());
        Assert.EndsWith("model bloom-560m-synthetic is not built (run: ./run.sh models build bloom-560m --synthetic)", error.Message);
    }
}
