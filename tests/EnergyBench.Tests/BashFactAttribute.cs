namespace EnergyBench.Tests;

/// <summary>A test that runs bash; skipped with the reason where there is none on PATH, instead of passing without having run.</summary>
public sealed class BashFactAttribute : FactAttribute
{
    public BashFactAttribute()
    {
        if (Bash.Path is null)
            Skip = "needs bash on PATH";
    }
}

public static class Bash
{
    public static string? Path => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, OperatingSystem.IsWindows() ? "bash.exe" : "bash"))
        .FirstOrDefault(File.Exists);
}
