using EnergyBench.Benchmarks;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Inference.Engines.OpenVino;

namespace EnergyBench.Running;

/// <summary>
/// The suite's own options. Each one sets an environment variable, so it reaches every process BenchmarkDotNet
/// starts; an option given on the command line wins over the same variable already set in the environment.
/// </summary>
public static class SuiteOptions
{
    private static readonly Dictionary<string, string> WithValue = new(StringComparer.Ordinal)
    {
        ["--models"] = BenchmarkSettings.ModelsVariable,
        ["--prompts"] = BenchmarkSettings.PromptsVariable,
        ["--max-new-tokens"] = BenchmarkSettings.MaxNewTokensVariable,
        ["--threads"] = BenchmarkSettings.ThreadsVariable,
        ["--precision"] = BenchmarkSettings.PrecisionVariable,
        ["--batch-size"] = BenchmarkSettings.BatchSizeVariable,
        ["--stop"] = BenchmarkSettings.StopVariable,
        ["--guard-prompts"] = BenchmarkSettings.GuardPromptsVariable,
        ["--guard-tokens"] = BenchmarkSettings.GuardTokensVariable,
        ["--guard-share"] = BenchmarkSettings.GuardShareVariable,
        ["--guard-reference"] = BenchmarkSettings.GuardReferenceVariable,
        ["--openvino-lib"] = OpenVinoLibrary.PathVariable,
        ["--baseline-config"] = SuiteConfig.BaselineConfigVariable,
        ["--rapl-root"] = MeterOptions.RaplRootVariable,
        ["--nvml-lib"] = MeterOptions.NvmlLibraryVariable,
        ["--gpu"] = MeterOptions.GpuVariable,
        ["--wattmeter"] = MeterOptions.WattmeterVariable,
        ["--wattmeter-outputs"] = MeterOptions.WattmeterOutputsVariable,
        ["--idle"] = MeterOptions.IdleVariable,
        ["--tdp"] = MeterOptions.TdpVariable,
        ["--sample-period"] = MeterOptions.SamplePeriodVariable,
    };

    /// <summary>The variable each option given on this command line set, with the option as typed, for error messages.</summary>
    private static readonly Dictionary<string, string> Typed = new(StringComparer.Ordinal);

    /// <summary>Options that are paths, made absolute because benchmark processes run in another folder.</summary>
    private static readonly HashSet<string> Paths = ["--models", "--prompts", "--rapl-root", "--nvml-lib", "--openvino-lib"];

    /// <summary>Applies the suite's options to the environment and returns the other arguments, in order.</summary>
    public static List<string> Apply(IReadOnlyList<string> args)
    {
        var rest = new List<string>();
        var jobs = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--no-meters")
            {
                Environment.SetEnvironmentVariable(MeterOptions.MetersVariable, "off");
            }
            else if (args[i] == "--allow-truncation")
            {
                Environment.SetEnvironmentVariable(BenchmarkSettings.AllowTruncationVariable, "1");
            }
            else if (args[i] == "--prefill-benchmark")
            {
                Environment.SetEnvironmentVariable(BenchmarkSettings.PrefillBenchmarkVariable, "1");
            }
            else if (args[i] == "--job")
            {
                jobs.Add(ValueOf(args, ref i, " (NAME or NAME:VAR=VALUE,...)"));
            }
            else if (WithValue.TryGetValue(args[i], out var variable))
            {
                string option = args[i], value = ValueOf(args, ref i);
                Typed[variable] = option;
                Environment.SetEnvironmentVariable(variable, Paths.Contains(option) ? AbsolutePaths(value) : value);
            }
            else
            {
                rest.Add(args[i]);
            }
        }
        if (jobs.Count > 0)
        {
            SuiteJobs.Parse(string.Join(';', jobs)); // a bad definition fails here, before anything is built
            Environment.SetEnvironmentVariable(SuiteJobs.Variable, string.Join(';', jobs));
        }
        return rest;
    }

    /// <summary>
    /// A message that starts with a variable's name (<c>BENCH_THREADS: '0' is not ...</c>, as the settings' readers
    /// write them) names the option instead when the value came from the command line, so the user reads what they typed.
    /// </summary>
    public static string NameAsTyped(string message)
    {
        int colon = message.IndexOf(':');
        return colon > 0 && Typed.TryGetValue(message[..colon], out var option) ? option + message[colon..] : message;
    }

    /// <summary>The value after the option at <paramref name="i"/>, which then points at the value.</summary>
    private static string ValueOf(IReadOnlyList<string> args, ref int i, string hint = "")
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"{args[i]} needs a value{hint}");
        return args[++i];
    }

    /// <summary>Names the options, for help texts.</summary>
    public static string Usage =>
        "suite options: --models LIST --prompts LIST --max-new-tokens N --threads LIST --precision LIST --batch-size LIST --stop LIST --guard-prompts N " +
        "--guard-tokens N|all --guard-share 0..1 --guard-reference NAME --baseline-config NAME --job NAME[:VAR=VALUE,...] (repeat; first = baseline) --openvino-lib PATH --rapl-root DIR --nvml-lib PATH --gpu INDEX " +
        "--wattmeter KIND:URL --wattmeter-outputs 1,2 --idle 10s --tdp WATTS --sample-period 100ms --no-meters --allow-truncation --prefill-benchmark; " + Campaign.CampaignOptions.Usage;

    private static string AbsolutePaths(string list) =>
        string.Join(',', list.Split(',', StringSplitOptions.TrimEntries)
            .Select(item => File.Exists(item) || Directory.Exists(item) ? Path.GetFullPath(item) : item));
}
