using EnergyBench.Models.Registry;

namespace EnergyBench.Tests;

/// <summary>The study's models by name on the command line, against a model cache that holds none of them.</summary>
public class StudyModelCliTests
{
    // The Hugging Face cache is a folder of its own inside the model cache, so the machine's downloads play no part.
    private static AppProcess.Result Run(TempDirectory cache, params string[] args) =>
        AppProcess.Run(args, new Dictionary<string, string> { ["BENCH_MODELS_DIR"] = cache.Path, ["HF_HUB_CACHE"] = cache.File("hf-hub") });

    private static void AssertOneLine(AppProcess.Result result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Error.Trim());
    }

    private static string NotDownloaded(TempDirectory cache, string name, string hubId) =>
        $"error: {cache.File("hf-hub")}/models--{hubId.Replace("/", "--")}: study model {name} ({hubId}) is not downloaded: " +
        $"run ./run.sh models fetch {name} (needs network), or put the repository's files in {cache.File(name)}, " +
        $"or name its synthetic twin {name}-synthetic (same shapes, seeded weights)";

    [Fact]
    public void Models_list_shows_the_twelve_study_models_absent_from_an_empty_cache()
    {
        using var cache = new TempDirectory();
        var result = Run(cache, "models", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n');
        foreach (var model in ModelRegistry.All)
        {
            string line = Assert.Single(lines, l => l.StartsWith(model.Name + " "));
            Assert.Contains(model.HubId, line);
            Assert.Contains($"category {model.Category}", line);
            Assert.Contains($"{model.Parameters / 1e6:N1}M params", line);
            Assert.EndsWith("absent", line.TrimEnd());
        }
        Assert.Contains(lines, l => l.StartsWith("gpt2-test "));
    }

    [Fact]
    public void Models_list_shows_a_study_models_directory_in_the_cache_with_its_size()
    {
        using var cache = new TempDirectory();
        ModelRegistry.Get("pythia-410m").WriteConfig(cache.File("pythia-410m"));
        var result = Run(cache, "models", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        string line = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("pythia-410m "));
        long bytes = new FileInfo(cache.File("pythia-410m/config.json")).Length;
        Assert.EndsWith($"downloaded ({EnergyBench.Cli.TransferText.Size(bytes)}): {cache.File("pythia-410m")}", line.TrimEnd());
    }

    [Fact]
    public void Bench_on_a_category_that_is_not_downloaded_fails_in_one_line_before_building_anything()
    {
        using var cache = new TempDirectory();
        var result = Run(cache, "bench", "--models", "category1", "--filter", "*OnnxCpu*", "--no-meters");
        AssertOneLine(result, NotDownloaded(cache, "codeparrot-small", "codeparrot/codeparrot-small"));
        Assert.DoesNotContain("BenchmarkRunner", result.Output); // BenchmarkDotNet never started
    }

    [Fact]
    public void Models_list_shows_other_repos_in_the_hugging_face_cache_with_their_size()
    {
        using var cache = new TempDirectory();
        string repo = Path.Combine(cache.File("hf-hub"), "models--someorg--some-model");
        Directory.CreateDirectory(Path.Combine(repo, "blobs"));
        File.WriteAllBytes(Path.Combine(repo, "blobs", "0123abcd"), new byte[3000]);
        var result = Run(cache, "models", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        string line = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("someorg/some-model "));
        Assert.EndsWith(EnergyBench.Cli.TransferText.Size(3000), line.TrimEnd());
    }

    [Fact]
    public void Build_asks_for_synthetic_before_writing_a_study_models_twin()
    {
        using var cache = new TempDirectory();
        AssertOneLine(Run(cache, "models", "build", "codeparrot-small"),
            "error: codeparrot-small is a study model: add --synthetic to build its synthetic twin, or download it with ./run.sh models fetch codeparrot-small");
        AssertOneLine(Run(cache, "models", "build", "gpt2-test", "--synthetic"),
            $"error: --synthetic builds a study model's twin, and 'gpt2-test' is not one (known: {ModelRegistry.KnownNames})");
        Assert.Empty(Directory.EnumerateFileSystemEntries(cache.Path));
    }

    [Fact]
    public void Tokenize_on_a_twin_that_is_not_built_says_how_to_build_it()
    {
        using var cache = new TempDirectory();
        AssertOneLine(Run(cache, "tokenize", "--model", "pythia-410m-synthetic", "--text", "x"),
            $"error: {cache.File("pythia-410m-synthetic")}: model pythia-410m-synthetic is not built (run: ./run.sh models build pythia-410m --synthetic)");
    }

    [Fact]
    public void Bench_names_a_study_model_given_by_hub_id_by_its_short_name()
    {
        using var cache = new TempDirectory();
        AssertOneLine(Run(cache, "bench", "--models", "Microsoft/Phi-2", "--filter", "*OnnxCpu*", "--no-meters"),
            NotDownloaded(cache, "phi-2", "microsoft/phi-2"));
    }

    [Fact]
    public void Generate_refuses_a_selector_naming_the_models_it_selects()
    {
        using var cache = new TempDirectory();
        AssertOneLine(Run(cache, "generate", "--model", "category3", "--config", "torch-cpu", "--prompt-ids", "1,2"),
            "error: 'category3' selects several models (codegemma-2b, phi-2, stablecode-instruct-alpha-3b, stablecode-completion-alpha-3b-4k); name one of them");
    }

    [Fact]
    public void A_study_model_in_the_hugging_face_cache_is_found_by_name()
    {
        // The layout huggingface_hub writes: refs/main holds the commit, snapshots/<commit>/ the files.
        using var cache = new TempDirectory();
        string repo = Path.Combine(cache.File("hf-hub"), "models--codeparrot--codeparrot-small");
        string commit = new string('a', 40);
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "refs", "main"), commit);
        string snapshot = Path.Combine(repo, "snapshots", commit);
        Models.Synthetic.SyntheticModelBuilder.Build(Models.Synthetic.ModelPreset.Get("gpt2-test"), snapshot);

        var result = Run(cache, "generate", "--model", "codeparrot-small", "--config", "onnx-cpu", "--prompt-ids", "1,2", "--max-new-tokens", "2", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("\"tokens\":[", result.Output);
    }
}
