namespace EnergyBench.Diagnosers.Measurement;

/// <summary>
/// A per-iteration metric of the samples file (the <c>metric</c> column) and of the report columns. The names and units
/// are a stable contract: the analysis and the regression gate read them.
/// </summary>
public sealed record SampleMetric(string Name, string Unit, string ColumnName, string Legend, string Format)
{
    public static readonly SampleMetric Time = new("time_s", "s", "Time [s]", "Measured iteration time", "0.000");
    public static readonly SampleMetric Tokens = new("tokens", "tokens", "Tokens", "Tokens generated in the iteration", "0");
    public static readonly SampleMetric NonForwardShare = new("non_forward_share", "share", "Non-forward",
        "Share of the iteration spent outside the engine's forward calls (inputs, logits copy, argmax, KV bookkeeping, the loop): " +
        "1 - forward time / iteration time, both on the benchmark process's clock", "0.0000");
    public static readonly SampleMetric CpuEnergy = new("cpu_energy_j", "J", "CPU [J]", "CPU energy per operation", "0.000");
    public static readonly SampleMetric GpuEnergy = new("gpu_energy_j", "J", "GPU [J]", "GPU energy per operation", "0.000");
    public static readonly SampleMetric GlobalEnergy = new("global_energy_j", "J", "CPU+GPU [J]", "CPU + GPU energy per operation", "0.000");
    public static readonly SampleMetric WallEnergy = new("wall_energy_j", "J", "Wall [J]", "Wall-socket energy per operation", "0.000");
    public static readonly SampleMetric NetEnergy = new("net_energy_j", "J", "Net [J]",
        "CPU + GPU energy per operation minus idle power x time (idle = mean of the idle windows before and after the case)", "0.000");
    public static readonly SampleMetric EnergyPerToken = new("energy_per_token_j", "J", "J/token", "CPU + GPU energy per generated token", "0.0000");
    public static readonly SampleMetric Power = new("power_w", "W", "Power [W]", "Average CPU + GPU power during the iterations", "0.00");
    public static readonly SampleMetric PromptTokens = new("prompt_tokens", "tokens", "Prompt tokens",
        "Prompt tokens the prefills read in the iteration (padding excluded)", "0");
    public static readonly SampleMetric DecodeTokens = new("decode_tokens", "tokens", "Decode tokens",
        "Tokens the decode steps generated in the iteration: every prompt's tokens after its first, which its prefill gives", "0");
    public static readonly SampleMetric PrefillTime = new("prefill_time_s", "s", "Prefill [s]",
        "Time in prefill, summed over the iteration's prompts: from each generate call's start until its first token is known", "0.000");
    public static readonly SampleMetric DecodeTime = new("decode_time_s", "s", "Decode [s]",
        "Time in decode, summed over the iteration's prompts: from each prompt's first token until its last", "0.000");
    public static readonly SampleMetric TimeToFirstToken = new("time_to_first_token_s", "s", "TTFT [s]",
        "Time to first token, mean over the iteration's prompts (or batches)", "0.0000");
    public static readonly SampleMetric PrefillEnergy = new("prefill_energy_j", "J", "Prefill [J]",
        "CPU + GPU energy in the prefill windows, summed over the iteration's prompts", "0.000");
    public static readonly SampleMetric DecodeEnergy = new("decode_energy_j", "J", "Decode [J]",
        "CPU + GPU energy in the decode windows, summed over the iteration's prompts", "0.000");
    public static readonly SampleMetric PrefillEnergyPerToken = new("prefill_energy_per_token_j", "J", "Prefill J/token",
        "Prefill energy per prompt token", "0.0000");
    public static readonly SampleMetric DecodeEnergyPerToken = new("decode_energy_per_token_j", "J", "Decode J/token",
        "Decode energy per token the decode steps generated", "0.0000");
    public static readonly SampleMetric CpuUsage = new("cpu_usage_pct", "%", "CPU %", "System CPU usage (all cores, /proc/stat)", "0.0");
    public static readonly SampleMetric ProcessCpu = new("process_cpu_pct", "%", "Proc CPU %",
        "CPU usage of the benchmark process, in % of all cores (/proc/PID/stat)", "0.0");
    public static readonly SampleMetric ForeignCpu = new("foreign_cpu_pct", "%", "Foreign CPU %",
        "CPU usage of processes other than the benchmark process and the host, in % of all cores (/proc/stat less /proc/PID/stat); " +
        $"their energy is in the CPU energy, and over {ForeignLoad.MaterialPercent:0} % the run warns", "0.0");
    public static readonly SampleMetric RamUsage = new("ram_usage_pct", "%", "RAM %", "System RAM in use, (MemTotal - MemAvailable) / MemTotal", "0.0");
    public static readonly SampleMetric ProcessRss = new("process_rss_mib", "MiB", "RSS [MiB]", "Resident memory of the benchmark process (mean)", "0");
    public static readonly SampleMetric ProcessPeakRss = new("process_peak_rss_mib", "MiB", "Peak RSS [MiB]", "Peak resident memory of the benchmark process (VmHWM)", "0");
    public static readonly SampleMetric GpuUsage = new("gpu_usage_pct", "%", "GPU %", "Share of time a GPU kernel was running (NVML)", "0.0");
    public static readonly SampleMetric GpuMemoryUtilization = new("gpu_mem_util_pct", "%", "GPU mem util %",
        "Share of time GPU memory was read or written (NVML)", "0.0");
    public static readonly SampleMetric GpuMemoryUsed = new("gpu_mem_used_pct", "%", "GPU mem %", "GPU memory in use, % of total (NVML)", "0.0");

    /// <summary>
    /// CPU + GPU energy of the whole actual stage (from BenchmarkDotNet's BeforeActualRun to AfterActualRun signal), so
    /// between-iteration work is included; a per-case total in the full JSON report, not a per-iteration sample.
    /// </summary>
    public static readonly SampleMetric ActualStageEnergy = new("actual_stage_energy_j", "J", "Actual stage [J]",
        "CPU + GPU energy from the start of the first to the end of the last actual iteration, bracketed by the host", "0.000");

    /// <summary>Duration of the bracketed actual stage, to read <see cref="ActualStageEnergy"/> as a power.</summary>
    public static readonly SampleMetric ActualStageTime = new("actual_stage_time_s", "s", "Actual stage [s]",
        "Time from the start of the first to the end of the last actual iteration, bracketed by the host", "0.000");

    /// <summary>Every per-iteration metric, in report order.</summary>
    public static readonly IReadOnlyList<SampleMetric> All =
    [
        Time, Tokens, NonForwardShare, CpuEnergy, GpuEnergy, GlobalEnergy, WallEnergy, NetEnergy, EnergyPerToken, Power,
        PromptTokens, DecodeTokens, PrefillTime, DecodeTime, TimeToFirstToken, PrefillEnergy, DecodeEnergy, PrefillEnergyPerToken,
        DecodeEnergyPerToken, CpuUsage, ProcessCpu, ForeignCpu, RamUsage, ProcessRss, ProcessPeakRss, GpuUsage, GpuMemoryUtilization, GpuMemoryUsed,
    ];

    /// <summary>Id of the metric in BenchmarkDotNet's reports (the full JSON's <c>Metrics</c>) and of its column.</summary>
    public string MetricId => "EnergyBench." + Name;

    /// <summary>Energies, which a column reports per operation (sum over iterations / operations) rather than as a mean.</summary>
    public bool IsEnergy => Unit == "J" && !IsPerToken;

    /// <summary>Energy per token: a ratio of sums in a summary (<see cref="CaseMeasurement.Summary"/>), not a mean of ratios.</summary>
    public bool IsPerToken => this == EnergyPerToken || this == PrefillEnergyPerToken || this == DecodeEnergyPerToken;

    /// <summary>The phase energies and the metrics built on them, n/a together.</summary>
    public static readonly IReadOnlyList<SampleMetric> PhaseEnergies = [PrefillEnergy, DecodeEnergy, PrefillEnergyPerToken, DecodeEnergyPerToken];

    /// <summary>The phase times and counts, n/a together when the generator did not time the phases.</summary>
    public static readonly IReadOnlyList<SampleMetric> PhaseTimes = [PromptTokens, DecodeTokens, PrefillTime, DecodeTime, TimeToFirstToken];
}
