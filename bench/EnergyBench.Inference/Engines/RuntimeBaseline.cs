using System.Diagnostics;
using System.Globalization;

namespace EnergyBench.Inference.Engines;

/// <summary>
/// The process's resident memory once an engine's native runtime is loaded and before it reads the weights: the fixed
/// cost (the .NET host, the runtime's libraries) that a report can take out of the RSS to show what the weights and
/// the engine's copies of them cost. Memory a runtime allocates lazily on its first run (oneDNN/MKL scratch buffers)
/// comes later and is not in it.
/// </summary>
public static class RuntimeBaseline
{
    /// <summary>The setting an engine reports it in, as bytes.</summary>
    public const string Setting = "runtime_rss_bytes";

    public static string Measure()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64.ToString(CultureInfo.InvariantCulture);
    }
}
