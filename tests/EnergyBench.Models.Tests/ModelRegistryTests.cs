using EnergyBench.Models.Architectures;
using EnergyBench.Models.Registry;

namespace EnergyBench.Models.Tests;

/// <summary>The study's twelve models in models/models.json: their configs, the figures the registry states, and lookups.</summary>
public class ModelRegistryTests
{
    /// <summary>Table 1 of the study: hub id and size category.</summary>
    public static TheoryData<string, int> StudyTable => new()
    {
        { "codeparrot/codeparrot-small", 1 },
        { "bigcode/tiny_starcoder_py", 1 },
        { "EleutherAI/pythia-410m", 1 },
        { "bigscience/bloom-560m", 1 },
        { "bigcode/starcoderbase-1b", 2 },
        { "bigscience/bloomz-1b1", 2 },
        { "TinyLlama/TinyLlama-1.1B-Chat-v1.0", 2 },
        { "EleutherAI/pythia-1.4b", 2 },
        { "google/codegemma-2b", 3 },
        { "microsoft/phi-2", 3 },
        { "stabilityai/stablecode-instruct-alpha-3b", 3 },
        { "stabilityai/stablecode-completion-alpha-3b-4k", 3 },
    };

    [Fact]
    public void The_registry_holds_the_twelve_study_models_in_the_studys_order() =>
        Assert.Equal(StudyTable.Select(row => (string)row[0]), ModelRegistry.All.Select(m => m.HubId));

    [Theory]
    [MemberData(nameof(StudyTable))]
    public void Each_entry_has_the_studys_category_and_its_short_name(string hubId, int category)
    {
        var model = ModelRegistry.Get(hubId);
        Assert.Equal(category, model.Category);
        Assert.Equal(hubId.Split('/')[1], model.Name);
    }

    [Theory]
    [MemberData(nameof(StudyTable))]
    public void Each_config_reads_with_the_entrys_architecture_parameters_and_category(string hubId, int category)
    {
        var model = ModelRegistry.Get(hubId);
        var config = model.LoadConfig();
        Assert.Equal(model.ModelType, config.ModelType);
        Assert.Contains(Architecture.All, a => a.ModelType == config.ModelType);
        Assert.Equal(model.Parameters, config.ParameterCount);
        Assert.Equal(category, SizeCategory.Of(config.ParameterCount));
    }

    [Fact]
    public void A_written_config_reads_back_as_the_embedded_one()
    {
        using var dir = new TempDirectory();
        var model = ModelRegistry.Get("phi-2");
        Assert.Equal(model.LoadConfig(), Architecture.Load(model.WriteConfig(dir.Path)));
    }

    [Fact]
    public void No_revision_is_pinned_without_a_full_commit_hash() =>
        Assert.All(ModelRegistry.All.Where(m => m.Revision is not null),
            m => Assert.Matches("^[0-9a-f]{40}$", m.Revision));

    [Fact]
    public void The_models_whose_hub_pages_ask_for_a_licence_are_marked_gated()
    {
        Assert.True(ModelRegistry.Get("starcoderbase-1b").Gated);
        Assert.True(ModelRegistry.Get("codegemma-2b").Gated);
    }

    [Fact]
    public void Unverified_fields_name_fields_of_the_entry()
    {
        string[] fields = ["revision", "license", "gated", "tokenizer"];
        Assert.All(ModelRegistry.All, m => Assert.All(m.Unverified, field => Assert.Contains(field, fields)));
    }

    [Theory]
    [InlineData("phi-2")]
    [InlineData("PHI-2")]
    [InlineData("microsoft/phi-2")]
    [InlineData("Microsoft/Phi-2")]
    public void A_model_is_found_by_short_name_or_hub_id_in_any_case(string reference) =>
        Assert.Equal("microsoft/phi-2", ModelRegistry.Find(reference)?.HubId);

    [Fact]
    public void An_unknown_model_lists_the_known_ones()
    {
        Assert.Null(ModelRegistry.Find("phi-3"));
        var error = Assert.Throws<ArgumentException>(() => ModelRegistry.Get("phi-3"));
        Assert.StartsWith("unknown study model 'phi-3' (known: codeparrot-small, tiny_starcoder_py, ", error.Message);
        Assert.All(ModelRegistry.All, m => Assert.Contains(m.Name, error.Message));
    }

    [Theory]
    [InlineData("category1", 1)]
    [InlineData("category2", 2)]
    [InlineData("Category3", 3)]
    public void A_category_selector_selects_that_categorys_four_models(string selector, int category) =>
        Assert.Equal(StudyTable.Where(row => (int)row[1] == category).Select(row => (string)row[0]),
            ModelRegistry.Select(selector).Select(m => m.HubId));

    [Fact]
    public void The_study_selector_selects_all_twelve() =>
        Assert.Equal(ModelRegistry.All, ModelRegistry.Select("study"));

    [Fact]
    public void An_unknown_selector_lists_the_known_ones() =>
        Assert.Equal("unknown model selector 'category4' (known: category1, category2, category3, study)",
            Assert.Throws<ArgumentException>(() => ModelRegistry.Select("category4")).Message);

    [Fact]
    public void Expand_turns_selectors_and_hub_ids_into_names_and_keeps_other_references()
    {
        Assert.Equal(["gpt2-test", "codeparrot-small", "tiny_starcoder_py", "pythia-410m", "bloom-560m", "phi-2", "/some/dir"],
            ModelRegistry.Expand(["gpt2-test", "category1", "microsoft/phi-2", "PYTHIA-410M", "/some/dir"]));
    }
}
