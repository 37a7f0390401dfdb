using System.Runtime.InteropServices;
using EnergyBench.Inference.Engines;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// A test of the build with Microsoft.ML.OnnxRuntime.Gpu (-p:OnnxAccelerator=cuda); skipped with the reason in a
/// build with the CPU package. With <c>NeedsNoNvidiaDriver</c>, also skipped where the NVIDIA driver library loads,
/// since there whether CUDA runs depends on the device and the CUDA libraries installed.
/// </summary>
public sealed class OnnxGpuPackageFactAttribute : FactAttribute
{
    public OnnxGpuPackageFactAttribute(bool needsNoNvidiaDriver = false)
    {
        if (!BuildAccelerator.OnnxHasCuda)
            Skip = $"needs the build with Microsoft.ML.OnnxRuntime.Gpu (-p:OnnxAccelerator=cuda); this one references {BuildAccelerator.OnnxPackage}";
        else if (needsNoNvidiaDriver && NativeLibrary.TryLoad("libcuda.so.1", out _))
            Skip = "the NVIDIA driver (libcuda.so.1) loads here, so onnx-cuda may run: whether it does depends on the device and the CUDA libraries";
    }
}

/// <summary>What the GPU package of ONNX Runtime does on a machine that cannot run CUDA: the CPU provider still serves, onnx-cuda says why not.</summary>
public class OnnxGpuPackageTests(TestModelFixture fixture, ITestOutputHelper output) : IClassFixture<TestModelFixture>
{
    private static readonly ServingConfiguration OnnxCuda = ServingConfiguration.Parse("onnx-cuda");

    [OnnxGpuPackageFact]
    public void It_lists_the_cuda_and_cpu_providers_and_serves_onnx_cpu_on_the_cpu_one()
    {
        string[] providers = OrtEnv.Instance().GetAvailableProviders();
        output.WriteLine(string.Join(", ", providers));
        Assert.Contains("CUDAExecutionProvider", providers);
        Assert.Contains("CPUExecutionProvider", providers);

        using var engine = EngineFactory.Create(ServingConfiguration.OnnxCpu, fixture.Model, new EngineOptions(1));
        Assert.Equal("CPUExecutionProvider", engine.Settings["provider"]);
        using var session = engine.StartSession();
        float[] logits = session.Step(TestModelFixture.Prompts[0]).ToArray();
        Assert.Equal(engine.VocabSize, logits.Length);
        Assert.All(logits, value => Assert.True(float.IsFinite(value)));
    }

    [OnnxGpuPackageFact(needsNoNvidiaDriver: true)]
    public void Onnx_cuda_says_why_it_cannot_run_instead_of_failing_at_the_first_session()
    {
        string? reason = ConfigurationAvailability.Check(OnnxCuda);
        output.WriteLine(reason ?? "(available)");
        Assert.NotNull(reason);
        Assert.StartsWith("this build references Microsoft.ML.OnnxRuntime.Gpu, but ", reason);
        Assert.Matches("its CUDA provider does not load: .+|CUDA finds no usable device: .+|CUDA counts no device", reason);

        var error = Assert.Throws<ConfigurationUnavailableException>(() => EngineFactory.Create(OnnxCuda, fixture.Model, new EngineOptions(1)));
        Assert.Equal($"onnx-cuda unavailable: {reason}", error.Message);
    }
}
