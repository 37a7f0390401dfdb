using EnergyBench.Models.Architectures;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Models.Tests;

public class ArchitectureConfigTests
{
    public static TheoryData<string> Presets => new(ModelPreset.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Presets))]
    public void Save_then_load_gives_the_same_description(string preset)
    {
        using var dir = new TempDirectory();
        var config = ModelPreset.Get(preset).Config;
        Architecture.Save(config, dir.File("config.json"));
        Assert.Equal(config, Architecture.Load(dir.File("config.json")));
        Assert.Contains($"\"model_type\": \"{config.ModelType}\"", File.ReadAllText(dir.File("config.json")));
    }

    [Fact]
    public void A_gpt2_config_is_written_with_hugging_face_keys()
    {
        using var dir = new TempDirectory();
        Architecture.Save(ModelPreset.Get("gpt2-tiny").Config, dir.File("config.json"));
        string text = File.ReadAllText(dir.File("config.json"));
        foreach (string key in new[] { "\"n_layer\"", "\"n_head\"", "\"n_embd\"", "\"n_positions\"", "\"vocab_size\"", "\"layer_norm_epsilon\"" })
            Assert.Contains(key, text);
    }

    [Theory]
    [InlineData("{\"model_type\":\"mamba\"}", "model_type 'mamba' is not supported (supported: gpt2, gpt_bigcode, gpt_neox, bloom, llama, gemma, phi)")]
    [InlineData("{\"model_type\":\"gpt2\",\"n_head\":2,\"n_embd\":8,\"n_positions\":8,\"vocab_size\":10}", "missing key 'n_layer'")]
    [InlineData("{\"model_type\":\"gpt2\",\"n_layer\":1,\"n_head\":3,\"n_embd\":8,\"n_positions\":8,\"vocab_size\":10}", "not divisible")]
    [InlineData("{\"model_type\":\"gpt2\",\"n_layer\":\"two\",\"n_head\":2,\"n_embd\":8,\"n_positions\":8,\"vocab_size\":10}", "key 'n_layer' is not an integer")]
    [InlineData("{\"model_type\":\"gpt2\",", "not valid JSON")]
    public void Bad_configs_fail_with_the_file_and_the_reason(string json, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("config.json"), json);
        var error = Assert.Throws<ModelFormatException>(() => Architecture.Load(dir.File("config.json")));
        Assert.StartsWith(dir.File("config.json"), error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Parameter_counts_match_the_presets_size_categories()
    {
        // GPT-2 small (12 x 768, 50257 vocab, 1024 positions) has 124,439,808 parameters.
        var small = ModelPreset.Get("gpt2-110m").Config with { Layers = 12, VocabSize = 50257 };
        Assert.Equal(124_439_808, small.ParameterCount);
        Assert.Equal(1, SizeCategory.Of(ModelPreset.Get("gpt2-110m").Config.ParameterCount));
        Assert.Equal(2, SizeCategory.Of(ModelPreset.Get("gpt2-1b").Config.ParameterCount));
        Assert.Equal(3, SizeCategory.Of(ModelPreset.Get("gpt2-3b").Config.ParameterCount));
    }

    [Fact]
    public void Unknown_preset_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelPreset.Get("gpt5"));
        Assert.Contains("gpt2-tiny", error.Message);
    }
}
