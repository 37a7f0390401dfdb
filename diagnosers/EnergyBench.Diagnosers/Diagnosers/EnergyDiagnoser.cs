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
using EnergyBench.Diagnosers.Iterations;
using EnergyBench.Diagnosers.Measurement;
using EnergyBench.Diagnosers.Meters;
using EnergyBench.Diagnosers.Meters.Proc;
using EnergyBench.Diagnosers.Timeline;

namespace EnergyBench.Diagnosers.Diagnosers;

/// <summary>
/// Measures energy and resource use of every benchmark case from the host. Around each benchmark process it samples
/// the idle machine, then samples every meter on background threads while the process runs; the process stamps its
/// iteration windows into a log the host names for it; after the process exits, each actual iteration gets its share
/// of every counter and power series. Results go to the summary columns, the full JSON report and the samples file.
/// </summary>
public sealed class EnergyDiagnoser(MeterOptions options) : IDiagnoser, IDisposable
{
    private sealed class CaseRun(MeterSampler sampler, string iterationLog)
    {
        public MeterSampler Sampler { get; } = sampler;
        public string IterationLog { get; } = iterationLog;
        public Window? IdleBefore { get; set; }
        public Window? IdleAfter { get; set; }
        public long? ActualStart { get; set; }
        public long? ActualStop { get; set; }
    }

    private readonly Dictionary<BenchmarkCase, CaseRun> _running = [];
    private readonly Dictionary<BenchmarkCase, CaseMeasurement> _results = [];
    private MeterSet? _meters;
    private MeasurementPlan? _plan;

    public MeterOptions Options => options;

    /// <summary>The meters, opened on first use (so listing benchmarks opens nothing).</summary>
    public MeterSet Meters => _meters ??= MeterSet.Open(options);

    public MeasurementPlan Plan => _plan ??= MeasurementPlan.From(Meters);

    public IReadOnlyDictionary<BenchmarkCase, CaseMeasurement> Results => _results;

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
                break;
        }
    }

    private void BeforeProcessStart(DiagnoserActionParameters parameters)
    {
        string rawDirectory = Path.Combine(parameters.Config.ArtifactsPath, "raw");
        Directory.CreateDirectory(rawDirectory);
        string name = $"{parameters.BenchmarkId.Value:000}-{parameters.BenchmarkCase.Descriptor.Type.Name}";
        string iterationLog = Path.Combine(rawDirectory, name + "-iterations.log");
        File.Delete(iterationLog);
        parameters.Process.StartInfo.Environment[IterationRecorder.LogVariable] = iterationLog;

        var sampler = new MeterSampler(new StreamWriter(Path.Combine(rawDirectory, name + "-meters.csv")));
        foreach (var meter in Meters.Meters)
            sampler.Start(meter, onDemand: meter != Meters.Wattmeter); // an HTTP round trip must not pause the benchmark
        var run = new CaseRun(sampler, iterationLog);
        _running[parameters.BenchmarkCase] = run;
        run.IdleBefore = Idle();
    }

    /// <summary>Waits out an idle window while the meters keep sampling; none when the idle time is zero.</summary>
    private Window? Idle()
    {
        if (options.Idle <= TimeSpan.Zero)
            return null;
        long start = Stopwatch.GetTimestamp();
        Thread.Sleep(options.Idle);
        return new Window(start, Stopwatch.GetTimestamp());
    }

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        if (!_running.Remove(results.BenchmarkCase, out var run))
            return [];
        run.Sampler.Stop();
        var series = run.Sampler.Series.ToDictionary(pair => pair.Key, pair => pair.Value.Snapshot());
        var iterations = ReadIterations(run.IterationLog);
        int lastLaunch = results.Measurements.Select(m => m.LaunchIndex).DefaultIfEmpty(1).Max();
        var measured = results.Measurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == BenchmarkDotNet.Engines.IterationStage.Actual && m.LaunchIndex == lastLaunch)
            .ToList();
        var bracket = run.ActualStart is { } start && run.ActualStop is { } stop ? new Window(start, stop) : (Window?)null;
        var measurement = new Attributor(Plan).Compute(series, iterations, measured.Select(m => m.Nanoseconds / 1e9).ToList(),
            run.IdleBefore, run.IdleAfter, bracket);
        measurement = WithSamplerFailures(measurement, run.Sampler);
        _results[results.BenchmarkCase] = measurement;
        run.Sampler.Dispose();

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
        logger.WriteLineHeader("// * Energy and resource meters *");
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
