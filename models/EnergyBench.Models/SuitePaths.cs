namespace EnergyBench.Models;

/// <summary>
/// Where the suite's files are. The root is <c>BENCH_ROOT</c> or the nearest folder above the working directory or the
/// running assembly that holds <c>Benchmarks.sln</c>; BenchmarkDotNet's child processes run from a generated folder
/// under bin/, so they inherit <c>BENCH_ROOT</c> from the host.
/// </summary>
public static class SuitePaths
{
    public const string RootVariable = "BENCH_ROOT";
    public const string ModelsVariable = "BENCH_MODELS_DIR";

    public static string Root => _root.Value;

    public static string Artifacts => Path.Combine(Root, "artifacts");
    public static string Prompts => Path.Combine(Root, "prompts");

    /// <summary>The model cache: <c>BENCH_MODELS_DIR</c>, else <c>artifacts/models</c>.</summary>
    public static string Models =>
        Environment.GetEnvironmentVariable(ModelsVariable) is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(Artifacts, "models");

    private static readonly Lazy<string> _root = new(FindRoot);

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root)
            return Path.GetFullPath(root);
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Benchmarks.sln")))
                    return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
