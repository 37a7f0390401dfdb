using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Agreement;
using EnergyBench.Diagnosers.Columns;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Diagnosers.Exporters;
using EnergyBench.Diagnosers.Interruption;
using EnergyBench.Diagnosers.Measurement;

namespace EnergyBench.Running;

/// <summary>
/// The BenchmarkDotNet configuration of the suite. The job is the study's protocol in BenchmarkDotNet terms: the
/// Monitoring strategy (no pilot, no overhead stage, every iteration one pass over the prompt set), one launch, one
/// warm-up and ten measured iterations. It is marked as the default job, so `--iterationCount`, `--warmupCount`,
/// `--launchCount` and the other job options on the command line adjust it rather than adding a second job.
/// BenchmarkDotNet's MemoryDiagnoser gives the managed bytes allocated per iteration (its Allocated column and Gen0-2
/// collections); it measures them in one extra pass over the prompt set after the measured iterations, outside the
/// iteration records and the energy windows, so it adds that pass's time to each case and nothing to its results.
/// </summary>
public static class SuiteConfig
{
    /// <summary>The serving configuration the ratio columns divide by (<c>--baseline-config torch-cpu</c>).</summary>
    public const string BaselineConfigVariable = "BENCH_BASELINE_CONFIG";

    public const int WarmupCount = 1;
    public const int IterationCount = 10;
    public const int LaunchCount = 1;

    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    public static Job DefaultJob { get; } = Job.Default
        .WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(LaunchCount)
        .WithWarmupCount(WarmupCount)
        .WithIterationCount(IterationCount)
        .WithId("Monitoring")
        .AsDefault();

    /// <summary>Energy and resource columns, in report order (time and tokens have columns of their own).</summary>
    public static readonly IReadOnlyList<SampleMetric> MeasurementColumns =
    [
        SampleMetric.CpuEnergy, SampleMetric.GpuEnergy, SampleMetric.GlobalEnergy, SampleMetric.WallEnergy, SampleMetric.NetEnergy,
        SampleMetric.EnergyPerToken, SampleMetric.PrefillEnergyPerToken, SampleMetric.DecodeEnergyPerToken, SampleMetric.TimeToFirstToken,
        SampleMetric.Power, SampleMetric.CpuUsage, SampleMetric.ProcessCpu, SampleMetric.ForeignCpu, SampleMetric.RamUsage,
        SampleMetric.ProcessPeakRss, SampleMetric.GpuUsage, SampleMetric.GpuMemoryUtilization, SampleMetric.GpuMemoryUsed,
    ];

    /// <param name="artifactsPath">Where the reports go.</param>
    /// <param name="energy">The energy diagnoser, or null to measure time and tokens only.</param>
    /// <param name="interruption">Stops the run cleanly on Ctrl-C or SIGTERM (see <see cref="RunInterruption"/>).</param>
    /// <param name="guard">The guard reference diagnoser to share (a campaign's cases share one folder); null: a new one.</param>
    /// <param name="watchdog">Ends a case's process past the case time limit; null: no limit.</param>
    /// <param name="consoleLog">BenchmarkDotNet's log on the console too (a live progress display turns it off; the log file stays).</param>
    public static IConfig Create(string artifactsPath, EnergyDiagnoser? energy = null, RunInterruption? interruption = null,
        GuardReferenceDiagnoser? guard = null, CaseWatchdog? watchdog = null, bool consoleLog = true)
    {
        var defaults = DefaultConfig.Instance;
        // BenchmarkDotNet's defaults, with the markdown and HTML reports wrapped so their environment section names the engines.
        var config = ManualConfig.CreateEmpty()
            .AddColumnProvider(defaults.GetColumnProviders().ToArray())
            .AddLogger(consoleLog ? defaults.GetLoggers().ToArray() : [])
            .AddAnalyser(defaults.GetAnalysers().ToArray())
            .AddValidator(defaults.GetValidators().ToArray())
            .AddExporter(defaults.GetExporters().Select(EnvironmentSectionExporter.Wrap).ToArray())
            .AddJob(DefaultJob)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddDiagnoser(guard ?? new GuardReferenceDiagnoser())
            .AddFilter(new UnsupportedCaseFilter())
            .AddExporter(JsonExporter.Full)
            .AddColumn(new TokensPerIterationColumn(), new TokensPerSecondColumn(), new NonForwardShareColumn(), new MeterOverheadColumn(),
                new SettingColumn(AgreementSettings.ShortKey, "Agreement",
                    "Output-equivalence guard: prompts whose greedy tokens match the reference configuration's (torch-cpu, fp32); INVALID = the results measure different work"))
            .AddAnalyser(OutputAgreementAnalyser.Instance)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
            // The benchmark program builds the whole suite; on a busy 2-core machine that outlasts BenchmarkDotNet's
            // 2-minute default, and a build cut short loses every case of the run.
            .WithBuildTimeout(BuildTimeout)
            .WithArtifactsPath(artifactsPath);
        if (interruption is not null)
            config = config.AddDiagnoser(new InterruptionDiagnoser(interruption));
        if (watchdog is not null)
            config = config.AddDiagnoser(watchdog);
        if (Environment.GetEnvironmentVariable(SuiteJobs.Variable) is { Length: > 0 } jobs)
            config = config.AddJob(SuiteJobs.Parse(jobs).ToArray());
        string? baseline = Environment.GetEnvironmentVariable(BaselineConfigVariable) is { Length: > 0 } name ? name : null;
        if (baseline is not null)
            config = config.AddColumn(ConfigurationRatioColumn.Time(baseline));
        if (energy is null)
            return config;
        if (baseline is not null)
            config = config.AddColumn(ConfigurationRatioColumn.Energy(baseline, SampleMetric.GlobalEnergy.MetricId));
        return config
            .AddDiagnoser(energy)
            .AddColumn(new BaselineEnergyRatioColumn(SampleMetric.GlobalEnergy.MetricId))
            .AddColumn(MeasurementColumns.Select(metric => (IColumn)new MeasurementColumn(energy, metric)).ToArray())
            .AddColumn(new PeakRssShareColumn());
    }

    /// <summary>
    /// The folder a run writes to: BenchmarkDotNet's <c>--artifacts DIR</c> when given (it wins over the config's
    /// path), else a new <see cref="NewRunDirectory"/>.
    /// </summary>
    public static string RunDirectoryOf(IReadOnlyList<string> benchmarkArgs) => ArtifactsOption(benchmarkArgs) ?? NewRunDirectory();

    /// <summary>BenchmarkDotNet's <c>--artifacts DIR</c>, as a full path, when given.</summary>
    public static string? ArtifactsOption(IReadOnlyList<string> benchmarkArgs)
    {
        int i = benchmarkArgs.ToList().IndexOf("--artifacts");
        return i >= 0 && i + 1 < benchmarkArgs.Count ? Path.GetFullPath(benchmarkArgs[i + 1]) : null;
    }

    /// <summary>A new run folder, <c>artifacts/runs/yyyyMMdd-HHmmss</c>; BenchmarkDotNet writes its reports under results/.</summary>
    public static string NewRunDirectory() =>
        Path.Combine(Models.SuitePaths.Artifacts, "runs", DateTime.Now.ToString("yyyyMMdd-HHmmss"));
}
