using System.Diagnostics;
using System.Text.Json;
using EnergyBench.Inference.Engines;
using EnergyBench.Models;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// Which packages the inference project references under each accelerator switch, as MSBuild itself evaluates the
/// project (Directory.Build.props and the project file), not as this build believes.
/// </summary>
public class AcceleratorSwitchTests
{
    private static readonly string[] SwitchVariables = ["BENCH_ACCELERATOR", BuildAccelerator.OnnxVariable, BuildAccelerator.TorchVariable];

    [Theory]
    [InlineData("", "", "Microsoft.ML.OnnxRuntime", "TorchSharp-cpu")]
    [InlineData("-p:Accelerator=cuda", "", "Microsoft.ML.OnnxRuntime.Gpu", "TorchSharp-cuda-linux")]
    [InlineData("-p:OnnxAccelerator=cuda", "", "Microsoft.ML.OnnxRuntime.Gpu", "TorchSharp-cpu")]
    [InlineData("-p:TorchAccelerator=cuda", "", "Microsoft.ML.OnnxRuntime", "TorchSharp-cuda-linux")]
    [InlineData("", "BENCH_ACCELERATOR=cuda", "Microsoft.ML.OnnxRuntime.Gpu", "TorchSharp-cuda-linux")]
    [InlineData("", "BENCH_ACCELERATOR=cuda BENCH_TORCH_ACCELERATOR=cpu", "Microsoft.ML.OnnxRuntime.Gpu", "TorchSharp-cpu")]
    public void Each_switch_picks_each_engines_package(string property, string variables, string onnxPackage, string torchPackage)
    {
        var environment = variables.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        Assert.Equal([onnxPackage, torchPackage], NativePackages(property, environment));
    }

    [Fact]
    public void The_variables_passed_to_benchmark_builds_pick_this_builds_packages() =>
        Assert.Equal([BuildAccelerator.OnnxPackage, BuildAccelerator.TorchPackage], NativePackages("", BuildAccelerator.Variables));

    /// <summary>The ONNX Runtime and TorchSharp packages the project references, from <c>dotnet msbuild -getItem</c>.</summary>
    private static string[] NativePackages(string property, IReadOnlyDictionary<string, string> environment)
    {
        string project = Path.Combine(SuitePaths.Root, "bench", "EnergyBench.Inference", "EnergyBench.Inference.csproj");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "msbuild", project, "-getItem:PackageReference", property }.Where(a => a.Length > 0))
            start.ArgumentList.Add(argument);
        foreach (string name in SwitchVariables)
            start.Environment.Remove(name);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet msbuild exited with {process.ExitCode}: {output}{error.Result}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(item => item.GetProperty("Identity").GetString()!)
            .Where(name => name.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal) || name.StartsWith("TorchSharp", StringComparison.Ordinal))
            .ToArray();
    }
}
