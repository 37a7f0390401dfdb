using System.Diagnostics;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using EnergyBench.Diagnosers.Analysers;
using EnergyBench.Diagnosers.Exporters;
using EnergyBench.Diagnosers.Interruption;
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Proc;
using EnergyBench.Diagnosers.Samples;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Diagnosers;

/// <summary>
/// Measures energy and resource use of every benchmark case from the host. Around each benchmark process it samples
/// the idle machine, then samples every meter on background threads while the process runs; the process stamps its
/// iteration windows into a log the host names for it; after the process exits, each actual iteration gets its share
/// of every counter and power series. Results go to the summary columns, the full JSON report and the samples file.
/// A case whose process ended without results (killed, crashed, interrupted) is measured from what its raw files hold
/// and marked incomplete, so no measured iteration is lost.
/// </summary>
public sealed class EnergyDiagnoser(MeterOptions options, RunInterruption? interruption = null, CaseWatchdog? watchdog = null) : IDiagnoser, IDisposable
{
    private sealed class CaseRun(MeterSampler sampler, string iterationLog, int? plannedIterations)
    {
        public MeterSampler Sampler { get; } = sampler;
        public string IterationLog { get; } = iterationLog;
        public int? PlannedIterations { get; } = plannedIterations;

        /// <summary>Started after a stop was requested, so ended at once: nothing of it was measured.</summary>
        public bool StartedInterrupted { get; set; }
        public Window? IdleBefore { get; set; }
        public Window? IdleAfter { get; set; }
        public long? ActualStart { get; set; }
        public long? ActualStop { get; set; }
        public bool Exited { get; set; }
    }

    private readonly Dictionary<BenchmarkCase, CaseRun> _running = [];
    private readonly Dictionary<BenchmarkCase, CaseMeasurement> _results = [];
    private MeterSet? _meters;
    private MeasurementPlan? _plan;

    public MeterOptions Options => options;

    /// <summary>
    /// The samples' configuration labels by case key when the labels are made over more cases than one run holds (a
    /// campaign's whole plan, so that two cases differing only in, say, threads are labelled apart); null otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, string>? PlannedLabels { get; set; }

    /// <summary>The meters, opened on first use (so listing benchmarks opens nothing).</summary>
    public MeterSet Meters => _meters ??= MeterSet.Open(options);

    public MeasurementPlan Plan => _plan ??= MeasurementPlan.From(Meters);

    /// <summary>
    /// Every measured case. Reading it first measures the cases whose process ended without results (they are known
    /// to be abandoned once their process exited and BenchmarkDotNet moved on without calling <see cref="ProcessResults"/>).
    /// </summary>
    public IReadOnlyDictionary<BenchmarkCase, CaseMeasurement> Results
    {
        get
        {
            FinishAbandonedCases();
            return _results;
        }
    }

    public IEnumerable<string> Ids => ["EnergyBench"];
    public IEnumerable<IExporter> Exporters => [new SamplesCsvExporter(this)];
    public IEnumerable<IAnalyser> Analysers => [new MeasurementAnalyser(this)];

    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        switch (signal)
        {
            case HostSignal.BeforeProcessStart:
                BeforeProcessStart(parameters);
                break;
            case HostSignal.AfterProcessStart when _running.TryGetValue(parameters.BenchmarkCase, out var run):
                run.StartedInterrupted = interruption?.IsRequested == true;
                run.Sampler.Start(new ProcessMeter(ProcFiles.DefaultRoot, parameters.Process.Id, options.SamplePeriod));
                break;
            case HostSignal.BeforeActualRun when _running.TryGetValue(parameters.BenchmarkCase, out var run):
                run.Sampler.SampleNow();
                run.ActualStart = Stopwatch.GetTimestamp();
                break;
            case HostSignal.AfterActualRun when _running.TryGetValue(parameters.BenchmarkCase, out var run):
                run.ActualStop = Stopwatch.GetTimestamp();
                run.Sampler.SampleNow();
                break;
            case HostSignal.AfterProcessExit when _running.TryGetValue(parameters.BenchmarkCase, out var run):
                run.IdleAfter = Idle();
                run.Sampler.Stop();
                run.Exited = true;
                break;
        }
    }

    private void BeforeProcessStart(DiagnoserActionParameters parameters)
    {
        FinishAbandonedCases();
        if (IsUnmetered(parameters.BenchmarkCase))
            return;
        string rawDirectory = Path.Combine(parameters.Config.ArtifactsPath, "raw");
        Directory.CreateDirectory(rawDirectory);
        string name = $"{parameters.BenchmarkId.Value:000}-{parameters.BenchmarkCase.Descriptor.Type.Name}";
        string iterationLog = Path.Combine(rawDirectory, name + "-iterations.log");
        File.Delete(iterationLog);
        parameters.Process.StartInfo.Environment[IterationRecorder.LogVariable] = iterationLog;

        var sampler = new MeterSampler(new StreamWriter(Path.Combine(rawDirectory, name + "-meters.csv")));
        foreach (var meter in Meters.Meters)
            sampler.Start(meter, onDemand: meter != Meters.Wattmeter); // an HTTP round trip must not pause the benchmark
        var job = parameters.BenchmarkCase.Job;
        int? planned = job.HasValue(BenchmarkDotNet.Jobs.RunMode.IterationCountCharacteristic) ? job.Run.IterationCount : null;
        var run = new CaseRun(sampler, iterationLog, planned);
        _running[parameters.BenchmarkCase] = run;
        run.IdleBefore = Idle();
    }

    /// <summary>
    /// A case whose job sets <c>BENCH_METERS=off</c> (<c>--job bare:BENCH_METERS=off</c>) runs as under <c>--no-meters</c>:
    /// no idle windows, no sampling, no iteration log; it has no energy results, and its time is the reference of the
    /// meters' own cost (<see cref="Columns.MeterOverheadColumn"/>).
    /// </summary>
    public static bool IsUnmetered(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Job.Environment.EnvironmentVariables?.Any(v => v.Key == MeterOptions.MetersVariable && MeterOptions.IsOff(v.Value)) == true;

    /// <summary>
    /// Waits out an idle window while the meters keep sampling; none when the idle time is zero or a stop was
    /// requested, and cut short (and then dropped) when a stop comes during it.
    /// </summary>
    private Window? Idle()
    {
        if (options.Idle <= TimeSpan.Zero || interruption?.IsRequested == true)
            return null;
        long start = Stopwatch.GetTimestamp();
        bool interrupted = (interruption?.Token ?? CancellationToken.None).WaitHandle.WaitOne(options.Idle);
        return interrupted ? null : new Window(start, Stopwatch.GetTimestamp());
    }

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        if (!_running.Remove(results.BenchmarkCase, out var run))
            return [];
        int lastLaunch = results.Measurements.Select(m => m.LaunchIndex).DefaultIfEmpty(1).Max();
        var measured = results.Measurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == BenchmarkDotNet.Engines.IterationStage.Actual && m.LaunchIndex == lastLaunch)
            .ToList();
        var measurement = Measure(run, measured.Select(m => m.Nanoseconds / 1e9).ToList());
        _results[results.BenchmarkCase] = measurement;
        var bracket = BracketOf(run);

        long operations = measured.Sum(m => m.Operations);
        var metrics = SampleMetric.All
            .Select(metric => (metric, value: measurement.Summary(metric, operations), source: measurement.Source(metric)))
            .Where(m => m.value is not null && m.source is not null)
            .Select(m => new Metric(new SampleMetricDescriptor(m.metric, m.source!), m.value!.Value))
            .ToList();
        if (bracket is { } stage)
            metrics.Add(new Metric(new SampleMetricDescriptor(SampleMetric.ActualStageTime, Provenance.Clock), stage.Seconds));
        if (measurement.BracketGlobalEnergy is { } total && measurement.Source(SampleMetric.GlobalEnergy) is { } source)
            metrics.Add(new Metric(new SampleMetricDescriptor(SampleMetric.ActualStageEnergy, source), total));
        return metrics;
    }

    /// <summary>
    /// Measures the cases whose benchmark process exited without BenchmarkDotNet calling <see cref="ProcessResults"/>:
    /// the iteration windows its log holds (flushed as each iteration ended) against the meters' series, times from
    /// the windows themselves, marked incomplete. A case started after a stop was requested measured nothing.
    /// </summary>
    private void FinishAbandonedCases()
    {
        foreach (var (benchmarkCase, run) in _running.Where(pair => pair.Value.Exited).ToList())
        {
            _running.Remove(benchmarkCase);
            if (run.StartedInterrupted)
            {
                run.Sampler.Dispose();
                continue;
            }
            var measurement = Measure(run, measuredSeconds: null);
            string planned = run.PlannedIterations is { } n ? $" of {n}" : "";
            string done = $"after {measurement.Iterations.Count}{planned} measured iterations";
            bool timedOut = watchdog?.FiredFor(benchmarkCase) == true;
            _results[benchmarkCase] = measurement with
            {
                Incomplete = timedOut ? $"the watchdog ended the case at its time limit of {watchdog!.Limit} {done}"
                    : interruption?.Signal is { } signal ? $"the run was stopped by {signal} {done}"
                    : $"the benchmark process ended {done}, before reporting its results",
                TimedOut = timedOut,
            };
        }
    }

    private CaseMeasurement Measure(CaseRun run, IReadOnlyList<double>? measuredSeconds)
    {
        run.Sampler.Stop();
        var series = run.Sampler.Series.ToDictionary(pair => pair.Key, pair => pair.Value.Snapshot());
        var measurement = new Attributor(Plan).Compute(series, ReadIterations(run.IterationLog), measuredSeconds,
            run.IdleBefore, run.IdleAfter, BracketOf(run));
        measurement = WithSamplerFailures(measurement, run.Sampler);
        run.Sampler.Dispose();
        return measurement with { PlannedIterations = run.PlannedIterations };
    }

    private static Window? BracketOf(CaseRun run) =>
        run.ActualStart is { } start && run.ActualStop is { } stop ? new Window(start, stop) : null;

    /// <summary>A meter that failed during the case is a warning; the benchmark process's own meter ends with the process by design.</summary>
    private static CaseMeasurement WithSamplerFailures(CaseMeasurement measurement, MeterSampler sampler)
    {
        var failures = sampler.Failures.Where(f => f.Key != ProcessMeter.MeterName).Select(f => $"meter {f.Key} stopped: {f.Value}").ToList();
        return failures.Count == 0 ? measurement : measurement with { Warnings = [.. measurement.Warnings, .. failures] };
    }

    private static List<IterationRecord> ReadIterations(string path) =>
        File.Exists(path) ? IterationRecord.ActualIn(File.ReadLines(path)) : [];

    public void DisplayResults(ILogger logger)
    {
        logger.WriteLineHeader($"// * {SamplesSchema.MetersLogSection} *");
        foreach (var status in Meters.Statuses)
            logger.WriteLineInfo(status.ToString());
    }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    public void Dispose()
    {
        foreach (var run in _running.Values)
            run.Sampler.Dispose();
        _meters?.Dispose();
    }
}
