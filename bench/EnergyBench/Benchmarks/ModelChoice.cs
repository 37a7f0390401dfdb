namespace EnergyBench.Benchmarks;

/// <summary>
/// The <c>Model</c> parameter: what the user named (a preset or a model directory) and the model's name, which is what
/// every report shows. BenchmarkDotNet prints a parameter by its text, cut to fit a column ("/home/u(...)models/x
/// [63]"); the name keeps the tables readable and lets the JSON reports and the samples name the same model.
/// </summary>
public sealed record ModelChoice(string Reference)
{
    /// <summary>The preset's name, or the directory's own name (as <see cref="Models.ModelDirectory"/> names it).</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Reference)) is { Length: > 0 } name ? name : Reference;

    public override string ToString() => Name;
}
