using System.Text.RegularExpressions;
using System.Text.Json;

namespace EnergyBench.Tests;

public class CliTests(TestModel model) : IClassFixture<TestModel>
{
    [Theory]
    [InlineData("torch-cpu")]
    [InlineData("jit-cpu")]
    [InlineData("onnx-cpu")]
    public void Generate_prints_json_with_the_requested_number_of_tokens(string configuration)
    {
        var result = AppProcess.Run(["generate", "--model", model.ModelPath, "--config", configuration,
            "--prompt-ids", "4299,16124,1471", "--max-new-tokens", "6", "--json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output.Trim().Split('\n')[^1]);
        Assert.Equal([4299, 16124, 1471], json.RootElement.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(6, json.RootElement.GetProperty("tokens").GetArrayLength());
        Assert.True(json.RootElement.TryGetProperty("text", out _));
    }

    [Fact]
    public void Both_configurations_generate_the_same_tokens_from_the_command_line()
    {
        string Tokens(string configuration)
        {
            var result = AppProcess.Run(["generate", "--model", model.ModelPath, "--config", configuration,
                "--prompt", "def add(a, b):", "--max-new-tokens", "8", "--json"]);
            Assert.True(result.ExitCode == 0, result.Error);
            return JsonDocument.Parse(result.Output.Trim().Split('\n')[^1]).RootElement.GetProperty("tokens").GetRawText();
        }

        Assert.Equal(Tokens("torch-cpu"), Tokens("onnx-cpu"));
    }

    [Theory]
    [InlineData("--config", "tpu-cpu", "unknown serving configuration 'tpu-cpu'")]
    [InlineData("--model", "/nonexistent/model", "/nonexistent/model: model directory not found")]
    [InlineData("--prompt-ids", "1,x", "--prompt-ids: 'x' is not a token id")]
    [InlineData("--stop", "never", "--stop: unknown stop policy 'never' (known: fixed, eos, code)")]
    public void Bad_arguments_give_one_line_and_exit_code_2(string option, string value, string expected)
    {
        var args = new Dictionary<string, string> { ["--model"] = model.ModelPath, ["--config"] = "onnx-cpu", ["--prompt-ids"] = "1,2" };
        args[option] = value;
        var result = AppProcess.Run(["generate", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {expected}", result.Error.Trim());
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void A_corrupt_model_file_is_named_in_one_line()
    {
        using var copy = new CopiedModel(model.ModelPath);
        string weights = Path.Combine(copy.Path, "model.safetensors");
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..1000]);

        var result = AppProcess.Run(["generate", "--model", copy.Path, "--config", "torch-cpu", "--prompt-ids", "1,2"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {weights}: corrupt: header length", result.Error.Trim());
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Bench_list_shows_one_class_per_serving_configuration()
    {
        var result = AppProcess.Run(["bench", "--list", "flat"]);
        Assert.True(result.ExitCode == 0, result.Error);
        foreach (string name in new[] { "TorchCpu", "JitCpu", "OnnxCpu", "OvCpu", "TorchCuda", "JitCuda", "OnnxCuda" })
            Assert.Contains($"EnergyBench.Benchmarks.{name}.Generate", result.Output);
    }

    [Theory]
    [InlineData(new[] { "--job", "solo" }, "error: --job 'solo': give at least two jobs to compare (the first is the baseline)")]
    [InlineData(new[] { "--job", "a", "--job", "b:OMP NUM=1" }, "error: --job 'b:OMP NUM=1': 'OMP NUM=1' is not VAR=VALUE")]
    [InlineData(new[] { "--job", "a/b", "--job", "c" }, "error: --job 'a/b': the name must be letters, digits, '-', '_' or '.'")]
    [InlineData(new[] { "--job", "a", "--job", "a" }, "error: --job 'a' is given twice")]
    public void Bad_job_definitions_give_one_line_and_exit_code_2(string[] jobs, string expected)
    {
        var result = AppProcess.Run(["bench", "--filter", "*OnnxCpu*", "--no-meters", .. jobs]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Error.Trim());
    }

    [Fact]
    public void A_precision_an_engine_cannot_run_is_left_out_with_the_reason()
    {
        var result = AppProcess.Run(["bench", "--models", model.ModelPath, "--filter", "*OnnxCpu*", "--precision", "bf16", "--no-meters"]);
        Assert.Contains("skipped onnx-cpu in bf16: bf16 is not supported: the ONNX export is fp32", result.Output);
        Assert.Equal(2, result.ExitCode); // nothing left to run
    }

    [Fact]
    public void Generate_accepts_every_short_name_and_says_in_one_line_why_one_cannot_run()
    {
        foreach (string configuration in new[] { "ov-cpu", "torch-cuda", "jit-cuda", "onnx-cuda" })
        {
            var result = AppProcess.Run(["generate", "--model", model.ModelPath, "--config", configuration, "--prompt-ids", "1,2"],
                new Dictionary<string, string> { ["BENCH_OPENVINO_LIB"] = "/nonexistent/libopenvino_c.so" });
            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: {configuration} unavailable: ", result.Error.Trim());
            Assert.Single(result.Error.Trim().Split('\n'));
        }
        var torch = AppProcess.Run(["generate", "--model", model.ModelPath, "--config", "torch-cpu", "--prompt-ids", "1,2", "--json"]);
        var jit = AppProcess.Run(["generate", "--model", model.ModelPath, "--config", "jit-cpu", "--prompt-ids", "1,2", "--json"]);
        Assert.True(jit.ExitCode == 0, jit.Error);
        Assert.Equal(torch.Output, jit.Output);
    }

    // Bench checks that fail before BenchmarkDotNet builds anything: each exits 2 with one line, in a second or two
    // (they used to surface 30-50 s later inside a benchmark process, as a stack trace).
    private AppProcess.Result Bench(params string[] args) =>
        AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", model.PromptsPath, "--filter", "*OnnxCpu*", "--no-meters", .. args]);

    private static void AssertOneLine(AppProcess.Result result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Error.Trim());
    }

    [Theory]
    [InlineData("--max-new-tokens", "-1", "--max-new-tokens: '-1' is not a positive integer")]
    [InlineData("--max-new-tokens", "0", "--max-new-tokens: '0' is not a positive integer")]
    [InlineData("--threads", "0", "--threads: '0' is not a positive integer")]
    [InlineData("--threads", "2,x", "--threads: 'x' is not a positive integer")]
    [InlineData("--batch-size", "4,0", "--batch-size: '0' is not a positive integer")]
    [InlineData("--stop", "fixed,never", "--stop: unknown stop policy 'never' (known: fixed, eos, code)")]
    [InlineData("--precision", "fp8", "--precision: unknown precision 'fp8' (known: fp32, fp16, bf16)")]
    [InlineData("--guard-prompts", "-2", "--guard-prompts: '-2' is not a count (0 or more)")]
    [InlineData("--guard-tokens", "0", "--guard-tokens: '0' is not a positive integer")]
    [InlineData("--guard-share", "2", "--guard-share: '2' is not a share in (0, 1]")]
    [InlineData("--guard-reference", "tpu-cpu", "--guard-reference: unknown serving configuration 'tpu-cpu' (known: torch-cpu, jit-cpu, onnx-cpu, ov-cpu, torch-cuda, jit-cuda, onnx-cuda)")]
    [InlineData("--baseline-config", "tpu-cpu", "--baseline-config: unknown serving configuration 'tpu-cpu' (known: torch-cpu, jit-cpu, onnx-cpu, ov-cpu, torch-cuda, jit-cuda, onnx-cuda)")]
    [InlineData("--idle", "soon", "--idle: 'soon' is not a duration (e.g. 10s, 500ms, 5m, 2h)")]
    [InlineData("--sample-period", "0", "--sample-period: '0' is not a duration (e.g. 10s, 500ms, 5m, 2h)")]
    [InlineData("--tdp", "-3", "--tdp: '-3' is not a positive number of watts")]
    [InlineData("--gpu", "-1", "--gpu: '-1' is not an integer >= 0")]
    [InlineData("--wattmeter-outputs", "1,a", "--wattmeter-outputs: 'a' is not an integer >= 0")]
    public void A_bad_suite_option_value_names_the_option_in_one_line(string option, string value, string expected) =>
        AssertOneLine(Bench(option, value), "error: " + expected);

    [Fact]
    public void A_bad_value_from_the_environment_names_the_variable()
    {
        var result = AppProcess.Run(["bench", "--models", model.ModelPath, "--filter", "*OnnxCpu*", "--no-meters"],
            new Dictionary<string, string> { ["BENCH_THREADS"] = "0" });
        AssertOneLine(result, "error: BENCH_THREADS: '0' is not a positive integer");
    }

    [Fact]
    public void Bench_refuses_a_missing_or_unknown_model_before_building_anything()
    {
        AssertOneLine(Bench("--models", "/nonexistent/model"), "error: /nonexistent/model: model directory not found");
        AssertOneLine(Bench("--models", "gpt2-huge"),
            "error: model 'gpt2-huge' is neither a directory, a preset nor a study model (presets: gpt2-test, gpt2-tiny, gpt2-110m, gpt2-1b, gpt2-3b, " +
            "codeparrot-test, gpt_bigcode-test, gpt_neox-test, bloom-test, llama-test, gemma-test, phi-test; " +
            "study models: codeparrot-small, tiny_starcoder_py, pythia-410m, bloom-560m, starcoderbase-1b, bloomz-1b1, TinyLlama-1.1B-Chat-v1.0, " +
            "pythia-1.4b, codegemma-2b, phi-2, stablecode-instruct-alpha-3b, stablecode-completion-alpha-3b-4k; selectors: category1, category2, category3, study)");
    }

    [Fact]
    public void Prompt_tokens_outside_the_models_vocabulary_are_refused_in_one_line_before_any_engine_runs()
    {
        // A model whose embedding is smaller than its tokenizer's vocabulary: cl100k gives ids up to 100,276.
        using var dir = new TempDirectory();
        var preset = Models.Synthetic.ModelPreset.Get("gpt2-test");
        Models.Synthetic.SyntheticModelBuilder.Build(preset with { Config = preset.Config with { VocabSize = 1000 } }, dir.File("small-vocab"));
        string small = dir.File("small-vocab");

        var bench = Bench("--models", small);
        Assert.Equal(2, bench.ExitCode);
        Assert.Matches($"^error: {Regex.Escape(model.PromptsPath)}:1: token id \\d+ from the tokenizer \\(tiktoken cl100k_base \\(tokenizer_config.json\\) " +
                       $"in {Regex.Escape(small)}\\) is outside model small-vocab's vocabulary of 1000 ids: the tokenizer and the weights do not belong together$",
            bench.Error.Trim());

        var generate = AppProcess.Run(["generate", "--model", small, "--config", "torch-cpu", "--prompt", "def add(a, b):"]);
        Assert.Equal(2, generate.ExitCode);
        Assert.Contains("is outside model small-vocab's vocabulary of 1000 ids", generate.Error);
        Assert.Single(generate.Error.Trim().Split('\n'));

        var ids = AppProcess.Run(["generate", "--model", model.ModelPath, "--config", "onnx-cpu", "--prompt-ids", "1,100277"]);
        Assert.Equal(2, ids.ExitCode);
        Assert.Equal("error: --prompt-ids: token id 100277 is outside model gpt2-test's vocabulary of 100277 ids", ids.Error.Trim());
    }

    [Fact]
    public void Tokenize_prints_ids_and_the_decoded_text_per_line_from_the_tokenizer_files_alone()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(model.ModelPath, "tokenizer_config.json"), dir.File("tokenizer_config.json"));
        File.WriteAllLines(dir.File("texts.jsonl"), ["{\"text\": \"def add(a, b):\\n    return a + b\"}", "", "{\"text\": \"<|endoftext|>\"}"]);

        var result = AppProcess.Run(["tokenize", "--model", dir.Path, "--file", dir.File("texts.jsonl")]);
        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal("def add(a, b):\n    return a + b", first.RootElement.GetProperty("text").GetString());
            var cl100k = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("cl100k_base");
            Assert.Equal(cl100k.EncodeToIds("def add(a, b):\n    return a + b"), first.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        }
        Assert.Equal("{\"ids\":[100257],\"text\":\"<|endoftext|>\"}", lines[1]);

        File.WriteAllLines(dir.File("bad.jsonl"), ["{\"text\": \"ok\"}", "{\"prompt\": \"no text\"}"]);
        var bad = AppProcess.Run(["tokenize", "--model", dir.Path, "--file", dir.File("bad.jsonl")]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"error: {dir.File("bad.jsonl")}:2: expected a JSON object with a string \"text\"", bad.Error.Trim());
    }

    [Fact]
    public void Tokenize_leaves_out_the_special_tokens_on_request()
    {
        // A Llama-style tokenizer.json whose post-processor puts <s> (1) first: "hi hi" is "▁hi ▁hi" (6, 6).
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), """
            {"added_tokens": [{"id": 1, "content": "<s>", "special": true, "normalized": false}],
             "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
             "pre_tokenizer": null,
             "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                                "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
             "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"},
                                                          {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
             "model": {"type": "BPE", "unk_token": "<unk>", "byte_fallback": true,
                       "vocab": {"<unk>": 0, "<s>": 1, "▁": 2, "h": 3, "i": 4, "▁h": 5, "▁hi": 6}, "merges": ["▁ h", "▁h i"]}}
            """);

        var with = AppProcess.Run(["tokenize", "--model", dir.Path, "--text", "hi hi"]);
        var without = AppProcess.Run(["tokenize", "--model", dir.Path, "--text", "hi hi", "--no-special-tokens"]);
        Assert.True(with.ExitCode == 0, with.Error);
        Assert.True(without.ExitCode == 0, without.Error);
        Assert.Equal("{\"ids\":[1,6,6],\"text\":\"hi hi\"}", with.Output.Trim());
        Assert.Equal("{\"ids\":[6,6],\"text\":\"hi hi\"}", without.Output.Trim());
    }

    [Fact]
    public void Bench_refuses_corrupt_weights_before_building_anything()
    {
        using var copy = new CopiedModel(model.ModelPath);
        string weights = Path.Combine(copy.Path, "model.safetensors");
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..1000]);

        var result = Bench("--models", copy.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {weights}: corrupt: header length", result.Error.Trim());
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Bench_refuses_a_bad_prompt_line_before_building_anything()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("p.jsonl"), "{\"id\":0,\"prompt\":\"def f():\"}\n{\"id\":1}\n");
        AssertOneLine(Bench("--prompts", dir.File("p.jsonl")), $"error: {dir.File("p.jsonl")}:2: the line has no 'prompt' text");
    }

    [Fact]
    public void Bench_refuses_a_prompt_file_that_is_not_utf8()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("p.jsonl"), [.. "{\"id\":0,\"prompt\":\"caf"u8, 0xE9, .. "\"}\n"u8]);
        var result = Bench("--prompts", dir.File("p.jsonl"));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {dir.File("p.jsonl")}:1: not UTF-8", result.Error.Trim());
    }

    /// <summary>A prompt of 36 tokens: with 32 new tokens it needs 68 positions, and gpt2-test takes 64.</summary>
    private static string WriteLongPromptSet(TempDirectory dir)
    {
        string longPrompt = "def count(x):\n" + string.Concat(Enumerable.Repeat("    x = x + 1\n", 4));
        File.WriteAllLines(dir.File("long.jsonl"), [
            Inference.Prompts.PromptSet.ToLine(new(0, "a", "def add(a, b):", 0, 0, 0, 0, "cl100k_base")),
            Inference.Prompts.PromptSet.ToLine(new(1, "b", longPrompt, 0, 0, 0, 0, "cl100k_base")),
        ]);
        return dir.File("long.jsonl");
    }

    [Fact]
    public void A_prompt_too_long_for_the_context_is_refused_naming_file_line_lengths_and_model()
    {
        using var dir = new TempDirectory();
        string prompts = WriteLongPromptSet(dir);
        AssertOneLine(Bench("--prompts", prompts, "--max-new-tokens", "32"),
            $"error: {prompts}:2: the prompt's 36 tokens + 32 new tokens exceed model gpt2-test's context of 64 tokens, " +
            "so it would generate 28 tokens, not 32, and the work would not be equal: lower --max-new-tokens, shorten the prompts, " +
            "or run anyway with --allow-truncation");
    }

    [Fact]
    public void With_allow_truncation_a_too_long_prompt_is_announced_instead_of_refused()
    {
        using var dir = new TempDirectory();
        string prompts = WriteLongPromptSet(dir);
        // A filter that matches nothing: the checks run, BenchmarkDotNet then has nothing to build.
        var result = AppProcess.Run(["bench", "--models", model.ModelPath, "--prompts", prompts, "--max-new-tokens", "32",
            "--allow-truncation", "--filter", "NoSuchBenchmark*", "--no-meters"]);

        Assert.Contains($"warning: {prompts}:2: the prompt's 36 tokens + 32 new tokens exceed model gpt2-test's context of 64 tokens; --allow-truncation", result.Output);
        Assert.Equal("no benchmark matched the filters (see: ./run.sh bench --list flat)", result.Error.Trim());
    }

    [Fact]
    public void Generate_refuses_a_prompt_that_leaves_too_little_context_unless_truncation_is_allowed()
    {
        string ids = string.Join(",", Enumerable.Range(100, 40)); // 40 + 32 > gpt2-test's 64 positions
        var refused = AppProcess.Run(["generate", "--model", model.ModelPath, "--config", "onnx-cpu", "--prompt-ids", ids, "--max-new-tokens", "32"]);
        AssertOneLine(refused, "error: the prompt's 40 tokens + 32 new tokens exceed model gpt2-test's context of 64 tokens: " +
                               "lower --max-new-tokens, or pass --allow-truncation to get fewer tokens");

        var allowed = AppProcess.Run(["generate", "--model", model.ModelPath, "--config", "onnx-cpu", "--prompt-ids", ids, "--max-new-tokens", "32",
            "--allow-truncation", "--json"]);
        Assert.True(allowed.ExitCode == 0, allowed.Error);
        Assert.Equal(24, JsonDocument.Parse(allowed.Output.Trim().Split('\n')[^1]).RootElement.GetProperty("tokens").GetArrayLength());
    }

    [Fact]
    public void Bench_builds_a_synthetic_preset_that_is_not_built()
    {
        using var cache = new TempDirectory();
        var result = AppProcess.Run(["bench", "--models", "gpt2-test", "--prompts", model.PromptsPath, "--filter", "NoSuchBenchmark*", "--no-meters"],
            new Dictionary<string, string> { ["BENCH_MODELS_DIR"] = cache.Path });

        Assert.Contains("model gpt2-test: not built yet, building it into " + cache.File("gpt2-test"), result.Output);
        Assert.True(File.Exists(cache.File(Path.Combine("gpt2-test", "bench-manifest.json"))), result.Output + result.Error);
    }

    [Fact]
    public void Generate_on_a_preset_that_is_not_built_says_how_to_build_it()
    {
        using var cache = new TempDirectory();
        var result = AppProcess.Run(["generate", "--model", "gpt2-test", "--config", "torch-cpu", "--prompt-ids", "1,2"],
            new Dictionary<string, string> { ["BENCH_MODELS_DIR"] = cache.Path });
        AssertOneLine(result, $"error: {cache.File("gpt2-test")}: model gpt2-test is not built (run: ./run.sh models build gpt2-test)");
    }

    [Fact]
    public void Generate_on_pytorch_weights_without_a_tokenizer_names_the_weights_format()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(model.ModelPath, "config.json"), dir.File("config.json"));
        File.WriteAllBytes(dir.File("pytorch_model.bin"), [1, 2, 3]);

        var result = AppProcess.Run(["generate", "--model", dir.Path, "--config", "torch-cpu", "--prompt-ids", "1,2"]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {dir.File("pytorch_model.bin")}: weights format not supported: the suite reads safetensors", result.Error.Trim());
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    // A folder below a regular file cannot be created, by root either (tests may run as root, which a read-only
    // folder does not stop): the same IOException a read-only run folder or model cache gives.
    [Fact]
    public void An_unwritable_run_folder_is_named_in_one_line()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("file"), "");
        string folder = Path.Combine(dir.File("file"), "runs");

        var result = Bench("--artifacts", folder);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {folder}: not writable, so the run cannot write its reports there", result.Error.Trim());
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void An_unwritable_model_cache_is_named_in_one_line()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("file"), "");
        string cache = Path.Combine(dir.File("file"), "models");

        var result = AppProcess.Run(["models", "build", "gpt2-test"], new Dictionary<string, string> { ["BENCH_MODELS_DIR"] = cache });
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {cache}: not writable, so gpt2-test cannot be built there", result.Error.Trim());
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Top_level_help_lists_every_verb()
    {
        var result = AppProcess.Run(["--help"]);
        Assert.True(result.ExitCode == 0, result.Error);
        foreach (string verb in new[] { "run", "bench", "test", "meters", "prompts", "models", "generate", "analyze", "compare", "merge" })
            Assert.Matches($@"(?m)^  {verb}\b.*\S", result.Output);
    }

    private sealed class CopiedModel : IDisposable
    {
        public CopiedModel(string source)
        {
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, file));
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "energybench-copy-" + Guid.NewGuid().ToString("N"));

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
