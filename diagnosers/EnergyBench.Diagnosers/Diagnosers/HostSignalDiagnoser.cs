using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace EnergyBench.Diagnosers.Diagnosers;

/// <summary>
/// A diagnoser that only acts on BenchmarkDotNet's host signals (a benchmark process starts or exits) and adds nothing
/// to the results: no metrics, exporters, analysers, validation, and no overhead run.
/// </summary>
public abstract class HostSignalDiagnoser : IDiagnoser
{
    public abstract IEnumerable<string> Ids { get; }

    public abstract void Handle(HostSignal signal, DiagnoserActionParameters parameters);

    public IEnumerable<IExporter> Exporters => [];
    public IEnumerable<IAnalyser> Analysers => [];

    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results) => [];

    public void DisplayResults(ILogger logger)
    {
    }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];
}
