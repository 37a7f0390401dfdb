namespace EnergyBench.Analysis.Reports;

/// <summary>Readable names of the samples file's metrics, for tables and axis labels.</summary>
public static class MetricNames
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["time_s"] = "Execution time",
        ["tokens"] = "Generated tokens",
        ["non_forward_share"] = "Share of time outside the forward calls",
        ["cpu_energy_j"] = "CPU energy",
        ["gpu_energy_j"] = "GPU energy",
        ["global_energy_j"] = "CPU+GPU energy",
        ["wall_energy_j"] = "Wall-socket energy",
        ["net_energy_j"] = "Net energy (minus idle)",
        ["energy_per_token_j"] = "Energy per token",
        ["power_w"] = "Power",
        ["prompt_tokens"] = "Prompt tokens",
        ["decode_tokens"] = "Decode tokens",
        ["prefill_time_s"] = "Prefill time",
        ["decode_time_s"] = "Decode time",
        ["time_to_first_token_s"] = "Time to first token",
        ["prefill_energy_j"] = "Prefill energy",
        ["decode_energy_j"] = "Decode energy",
        ["prefill_energy_per_token_j"] = "Prefill energy per prompt token",
        ["decode_energy_per_token_j"] = "Decode energy per token",
        ["cpu_usage_pct"] = "CPU usage",
        ["process_cpu_pct"] = "Process CPU usage",
        ["ram_usage_pct"] = "RAM usage",
        ["process_rss_mib"] = "Process RSS",
        ["process_peak_rss_mib"] = "Process peak RSS",
        ["gpu_usage_pct"] = "GPU usage",
        ["gpu_mem_util_pct"] = "GPU memory utilisation",
        ["gpu_mem_used_pct"] = "GPU memory used",
        ["foreign_cpu_pct"] = "CPU used by other processes",
    };

    public static string Name(string metric) => Names.GetValueOrDefault(metric, metric);

    /// <summary>"CPU+GPU energy [J]".</summary>
    public static string Label(string metric, string unit) => $"{Name(metric)} [{unit}]";

    /// <summary>A file-name-safe form of a model or metric name.</summary>
    public static string FileSafe(string text) =>
        new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
