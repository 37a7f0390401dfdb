using System.Globalization;
using System.Net;
using EnergyBench.Diagnosers.Meters.Nvml;
using EnergyBench.Diagnosers.Meters.Rapl;

namespace EnergyBench.Diagnosers.Meters;

/// <summary>
/// What to measure with, read from environment variables so that the values given to <c>./run.sh</c> (which sets
/// them) reach every process BenchmarkDotNet starts. Wattmeter credentials are only ever read from the environment.
/// </summary>
public sealed record MeterOptions
{
    public const string RaplRootVariable = "BENCH_RAPL_ROOT";
    public const string NvmlLibraryVariable = "BENCH_NVML_LIB";
    public const string GpuVariable = "BENCH_GPU";
    public const string WattmeterVariable = "BENCH_WATTMETER";
    public const string WattmeterOutputsVariable = "BENCH_WATTMETER_OUTPUTS";
    public const string WattmeterUserVariable = "BENCH_WATTMETER_USER";
    public const string WattmeterPasswordVariable = "BENCH_WATTMETER_PASSWORD";
    public const string IdleVariable = "BENCH_IDLE";
    public const string TdpVariable = "BENCH_TDP";
    public const string SamplePeriodVariable = "BENCH_SAMPLE_PERIOD";
    public const string MetersVariable = "BENCH_METERS";

    public static readonly TimeSpan DefaultIdle = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultSamplePeriod = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan WattmeterSamplePeriod = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan WattmeterTimeout = TimeSpan.FromSeconds(2);

    public string RaplRoot { get; init; } = RaplMeter.DefaultRoot;
    public string NvmlLibrary { get; init; } = Nvml.NvmlLibrary.DefaultPath;
    public int? GpuIndex { get; init; }
    public string? Wattmeter { get; init; }
    public IReadOnlyList<int> WattmeterOutputs { get; init; } = [];
    public NetworkCredential? WattmeterCredential { get; init; }
    public TimeSpan Idle { get; init; } = DefaultIdle;
    public double? TdpWatts { get; init; }
    public TimeSpan SamplePeriod { get; init; } = DefaultSamplePeriod;

    /// <summary>False when the user turned measurement off (<c>--no-meters</c>), e.g. to measure the suite's own overhead.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Reads every option; a malformed value throws <see cref="ArgumentException"/> naming the variable.</summary>
    public static MeterOptions FromEnvironment()
    {
        string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;
        string? user = Get(WattmeterUserVariable);
        return new MeterOptions
        {
            RaplRoot = Get(RaplRootVariable) is { } root ? ExistingRaplRoot(root) : RaplMeter.DefaultRoot,
            NvmlLibrary = Get(NvmlLibraryVariable) ?? Nvml.NvmlLibrary.DefaultPath,
            GpuIndex = Get(GpuVariable) is { } gpu ? ParseInt(GpuVariable, gpu, min: 0) : null,
            Wattmeter = Get(WattmeterVariable),
            WattmeterOutputs = Get(WattmeterOutputsVariable) is { } outputs
                ? outputs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(o => ParseInt(WattmeterOutputsVariable, o, min: 0)).ToList()
                : [],
            WattmeterCredential = user is null ? null : new NetworkCredential(user, Get(WattmeterPasswordVariable) ?? ""),
            Idle = Get(IdleVariable) is { } idle ? ParseDuration(IdleVariable, idle) : DefaultIdle,
            TdpWatts = Get(TdpVariable) is { } tdp ? ParsePositive(TdpVariable, tdp) : null,
            SamplePeriod = Get(SamplePeriodVariable) is { } period ? ParseDuration(SamplePeriodVariable, period, positive: true) : DefaultSamplePeriod,
            Enabled = !IsOff(Get(MetersVariable)),
        };
    }

    /// <summary>Whether a value of <see cref="MetersVariable"/> turns the meters off.</summary>
    public static bool IsOff(string? value) => value?.Trim().ToLowerInvariant() is "off" or "none" or "0" or "false";

    /// <summary>
    /// A powercap root the user named must exist: falling back to the estimate would hide a mistyped path. (The
    /// default root missing is a plain n/a: many machines have no RAPL.)
    /// </summary>
    private static string ExistingRaplRoot(string root) => Directory.Exists(root)
        ? root
        : throw new ArgumentException($"{RaplRootVariable}: '{root}' does not exist; " +
                                      $"give a powercap tree (the kernel's is {RaplMeter.DefaultRoot}) or leave the option out");

    /// <summary>"10s", "500ms", "5m", "2h" or a plain number of seconds.</summary>
    public static TimeSpan ParseDuration(string name, string text, bool positive = false)
    {
        string t = text.Trim().ToLowerInvariant();
        (string number, double scale) = t.EndsWith("ms") ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1)
            : t.EndsWith('m') ? (t[..^1], 60)
            : t.EndsWith('h') ? (t[..^1], 3600)
            : (t, 1);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0
            || !double.IsFinite(value) || (positive && value == 0))
            throw new ArgumentException($"{name}: '{text}' is not a duration (e.g. 10s, 500ms, 5m, 2h)");
        return TimeSpan.FromSeconds(value * scale);
    }

    private static int ParseInt(string name, string text, int min) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min
            ? value
            : throw new ArgumentException($"{name}: '{text}' is not an integer >= {min}");

    private static double ParsePositive(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{name}: '{text}' is not a positive number of watts");
}
