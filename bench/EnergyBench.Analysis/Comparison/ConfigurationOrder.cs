namespace EnergyBench.Analysis.Comparison;

/// <summary>The order configurations appear in tables and plots: the suite's own order, CPU before CUDA, others after by name.</summary>
public static class ConfigurationOrder
{
    private static readonly string[] Known = ["torch-cpu", "jit-cpu", "onnx-cpu", "ov-cpu", "torch-cuda", "jit-cuda", "onnx-cuda"];

    public static IEnumerable<string> Sort(IEnumerable<string> configurations) =>
        configurations.Distinct().OrderBy(c => Array.IndexOf(Known, c) is var i and >= 0 ? i : Known.Length).ThenBy(c => c, StringComparer.Ordinal);

    /// <summary>The execution provider part of a short name ("cpu" in "onnx-cpu").</summary>
    public static string Provider(string configuration) =>
        configuration.LastIndexOf('-') is var dash and > 0 ? configuration[(dash + 1)..] : "";
}
