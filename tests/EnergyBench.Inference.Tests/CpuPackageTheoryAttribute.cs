using EnergyBench.Inference.Engines;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// A theory about what a build with <paramref name="engine"/>'s CPU package says of its CUDA configurations; skipped
/// with the reason in a build with that engine's CUDA package, whose answer depends on the device it finds, instead
/// of passing without having run.
/// </summary>
public sealed class CpuPackageTheoryAttribute : TheoryAttribute
{
    public CpuPackageTheoryAttribute(RuntimeEngine engine)
    {
        if (BuildAccelerator.HasCuda(engine))
            Skip = $"needs {engine}'s CPU package: this build references {BuildAccelerator.Package(engine)}, which decides by the device it finds";
    }
}
