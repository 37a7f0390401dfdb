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
