namespace EnergyBench.Diagnosers.Samples;

/// <summary>
/// The samples file (<c>*-samples.csv</c>), the contract between the benchmark run that writes it and the analysis
/// and regression gate that read it: one row per measured iteration and metric, long format, RFC 4180 quoting. The
/// per-iteration metrics are <see cref="Measurement.SampleMetric.All"/>; the case-level ones below travel with every
/// iteration of their case.
/// </summary>
public static class SamplesSchema
{
    public const string Header = "model,configuration,iteration,metric,value,unit,source";

    public const int FieldCount = 7;

    /// <summary>The file name's ending, after BenchmarkDotNet's report title.</summary>
    public const string FileSuffix = "-samples.csv";

    /// <summary>Share of the guard's prompts whose greedy tokens matched the reference (1 = identical outputs).</summary>
    public const string OutputAgreementMetric = "output_agreement";

    /// <summary>The model's parameter count, from which the analysis takes the study's size category.</summary>
    public const string ParametersMetric = "model_parameters";

    /// <summary>Flag (1) on every iteration of a case whose process ended before reporting all its iterations.</summary>
    public const string IncompleteMetric = "case_incomplete";

    /// <summary>Flag (1) on every iteration of a case the watchdog ended at its time limit (it is incomplete as well).</summary>
    public const string TimedOutMetric = "case_timed_out";

    /// <summary>The measured iterations the case's job asked for, on every iteration of every case.</summary>
    public const string PlannedIterationsMetric = "iterations_planned";

    /// <summary>The process's RSS in MiB once the engine's runtime was loaded, before the weights (<see cref="RuntimeRssSetting"/>).</summary>
    public const string RuntimeRssMetric = "runtime_rss_mib";

    /// <summary>The case-level metrics: facts about a case, not measurements, so never analysed as metrics.</summary>
    public static readonly IReadOnlyList<string> CaseMetrics = [OutputAgreementMetric, ParametersMetric, IncompleteMetric, TimedOutMetric, PlannedIterationsMetric, RuntimeRssMetric];

    /// <summary>The iteration number of case-level rows written when a case has no measured iteration at all.</summary>
    public const int CaseLevelIteration = 0;

    /// <summary>The section of BenchmarkDotNet's log in which the run lists its meters and why others are n/a.</summary>
    public const string MetersLogSection = "Energy and resource meters";
}
