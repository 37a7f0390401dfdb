namespace EnergyBench.Tests;

/// <summary>A test that needs Linux (signals, <c>/proc</c>); skipped elsewhere with that reason.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "needs Linux: it sends signals and finds the benchmark process through /proc";
    }
}
