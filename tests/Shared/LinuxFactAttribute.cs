namespace EnergyBench.Testing;

/// <summary>A test that needs Linux; skipped elsewhere with the reason, instead of passing without having run.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <param name="why">What the test does that only Linux offers, for the skip message.</param>
    public LinuxFactAttribute(string why)
    {
        if (!OperatingSystem.IsLinux())
            Skip = $"needs Linux: {why}";
    }
}
