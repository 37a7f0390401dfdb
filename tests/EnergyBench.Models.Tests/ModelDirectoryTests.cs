using EnergyBench.Models.Synthetic;

namespace EnergyBench.Models.Tests;

public class ModelDirectoryTests
{
    [Fact]
    public void A_preset_missing_from_the_cache_says_how_to_build_it()
    {
        using var cache = new TempDirectory();
        var model = new ModelDirectory(Path.Combine(cache.Path, "gpt2-test"), "gpt2-test", ModelPreset.Get("gpt2-test"));

        Assert.True(model.IsUnbuiltSynthetic);
        var error = Assert.Throws<ModelFormatException>(() => model.RequireBuilt());
        Assert.Equal("model gpt2-test is not built (run: ./run.sh models build gpt2-test)", error.Problem);
    }

    [Fact]
    public void A_directory_with_pytorch_weights_and_no_tokenizer_is_told_about_the_weights_first()
    {
        using var dir = new TempDirectory();
        EnergyBench.Models.Architectures.Architecture.Save(ModelPreset.Get("gpt2-test").Config, dir.File("config.json"));
        File.WriteAllBytes(dir.File("pytorch_model.bin"), [1, 2, 3]);

        var error = Assert.Throws<ModelFormatException>(() => new ModelDirectory(dir.Path, "mine").Check());
        Assert.Equal(dir.File("pytorch_model.bin"), error.FilePath);
        Assert.StartsWith("weights format not supported", error.Problem);
    }

    [Fact]
    public void A_built_model_checks_and_reports_its_context_length()
    {
        using var dir = new TempDirectory();
        var preset = ModelPreset.Get("gpt2-test");
        SyntheticModelBuilder.Build(preset, dir.File("m"));

        var model = new ModelDirectory(dir.File("m"), "gpt2-test", preset).RequireBuilt().Check();
        Assert.Equal(preset.Config.MaxPositions, model.ContextLength);
        Assert.NotEmpty(model.Tokenizer.EncodeToIds("def f():"));
    }

    [Fact]
    public void An_unwritable_model_cache_is_named()
    {
        // A folder below a regular file cannot be created, by root either, unlike one in a read-only folder.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("file"), "");
        string cache = Path.Combine(dir.File("file"), "models");

        var error = Assert.Throws<IOException>(() => SyntheticModelBuilder.Build(ModelPreset.Get("gpt2-test"), Path.Combine(cache, "gpt2-test")));
        Assert.StartsWith($"{cache}: not writable, so gpt2-test cannot be built there", error.Message);
    }
}
