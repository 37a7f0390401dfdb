using System.Text.Json;
using EnergyBench.Models.Synthetic;

namespace EnergyBench.Tests;

/// <summary>
/// A directory of each supported architecture, as a user has it: built, its ONNX export written again by
/// <c>models export-onnx</c>, then generated from by every CPU engine the command line offers.
/// </summary>
public sealed class ArchitectureCliTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public static TheoryData<string> Presets => new(ModelPreset.ArchitectureTests.Select(p => p.Name).Append("codeparrot-test"));

    [Theory]
    [MemberData(nameof(Presets))]
    public void Export_onnx_rewrites_the_same_export_and_every_cpu_engine_generates_the_same_tokens(string preset)
    {
        string directory = Path.Combine(_root.Path, preset);
        var built = AppProcess.Run(["models", "build", preset, "--out", directory]);
        Assert.True(built.ExitCode == 0, built.Error);
        string onnx = Path.Combine(directory, "onnx", "model.onnx");
        byte[] original = File.ReadAllBytes(onnx), originalData = File.ReadAllBytes(onnx + "_data");
        Directory.Delete(Path.Combine(directory, "onnx"), recursive: true);

        var exported = AppProcess.Run(["models", "export-onnx", directory]);
        Assert.True(exported.ExitCode == 0, exported.Error);
        Assert.Equal(original, File.ReadAllBytes(onnx));
        Assert.Equal(originalData, File.ReadAllBytes(onnx + "_data"));

        string Tokens(string configuration)
        {
            var result = AppProcess.Run(["generate", "--model", directory, "--config", configuration,
                "--prompt", "def fibonacci(n):", "--max-new-tokens", "8", "--json"]);
            Assert.True(result.ExitCode == 0, $"{configuration}: {result.Error}");
            return JsonDocument.Parse(result.Output.Trim().Split('\n')[^1]).RootElement.GetProperty("tokens").GetRawText();
        }

        string torch = Tokens("torch-cpu");
        Assert.Equal(torch, Tokens("jit-cpu"));
        Assert.Equal(torch, Tokens("onnx-cpu"));
    }

    public void Dispose() => _root.Dispose();
}
