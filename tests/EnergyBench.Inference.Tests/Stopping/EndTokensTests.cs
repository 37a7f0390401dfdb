using System.Text.Json.Nodes;
using EnergyBench.Inference.Stopping;
using EnergyBench.Models;

namespace EnergyBench.Inference.Tests.Stopping;

/// <summary>Where a model's end tokens come from, and what <c>eos</c> does on a model without one.</summary>
public class EndTokensTests(TestModelFixture fixture) : IClassFixture<TestModelFixture>
{
    /// <summary>The test model's config.json, with <paramref name="eos"/> as its eos_token_id (null: removed).</summary>
    private static ModelDirectory WithConfig(TempDirectory directory, ModelDirectory model, JsonNode? eos)
    {
        var config = JsonNode.Parse(File.ReadAllText(model.ConfigPath))!.AsObject();
        config.Remove("eos_token_id");
        if (eos is not null)
            config["eos_token_id"] = eos;
        File.WriteAllText(directory.File("config.json"), config.ToJsonString());
        return new ModelDirectory(directory.Path, "copy");
    }

    [Fact]
    public void Config_json_names_the_end_token_unless_generation_config_json_lists_them()
    {
        using var directory = new TempDirectory();
        var model = WithConfig(directory, fixture.Model, 7);
        Assert.Equal([7], EndTokens.Of(model));

        File.WriteAllText(directory.File(EndTokens.GenerationConfigFile), """{"eos_token_id": [3, 5]}""");
        Assert.Equal([3, 5], EndTokens.Of(model).Order());

        File.WriteAllText(directory.File(EndTokens.GenerationConfigFile), """{"eos_token_id": "x"}""");
        var error = Assert.Throws<ModelFormatException>(() => EndTokens.Of(model));
        Assert.Contains("eos_token_id is not an integer or a list of integers", error.Message);
    }

    [Fact]
    public void Eos_on_a_model_without_an_end_token_generates_as_fixed_and_says_so()
    {
        using var directory = new TempDirectory();
        var model = WithConfig(directory, fixture.Model, null);
        Assert.Empty(EndTokens.Of(model));

        var eos = StopSetup.For(StopPolicy.Eos, model);
        Assert.Null(eos.Rule);
        Assert.Equal("eos: copy names no eos_token_id and generates max_new_tokens as fixed does", eos.Description);
        Assert.Null(StopSetup.For(StopPolicy.Fixed, model).Rule);
        Assert.IsType<EosStopRule>(StopSetup.For(StopPolicy.Eos, WithConfig(directory, fixture.Model, 7)).Rule);
    }

    [Theory]
    [InlineData("fixed", StopPolicy.Fixed)]
    [InlineData(" Code ", StopPolicy.Code)]
    [InlineData("eos", StopPolicy.Eos)]
    public void Policy_names_parse_and_unknown_ones_are_refused(string name, StopPolicy policy)
    {
        Assert.Equal(policy, StopPolicyNames.Parse(name));
        Assert.Equal("unknown stop policy 'never' (known: fixed, eos, code)", Assert.Throws<ArgumentException>(() => StopPolicyNames.Parse("never")).Message);
    }
}
