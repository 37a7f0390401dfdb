using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Reports;
using EnergyBench.Diagnosers.Diagnosers;
using EnergyBench.Diagnosers.Meters;

namespace EnergyBench.Diagnosers.Analysers;

/// <summary>
/// Warns about measurements that should not be trusted: iterations shorter than a meter can resolve, counter
/// wrap-arounds, idle power that drifted, a wattmeter that reads less than CPU + GPU, meters that stopped, iteration
/// windows that do not match BenchmarkDotNet's own iterations, cases whose process ended early, and energy that covers only the last of several launches.
/// </summary>
public sealed class MeasurementAnalyser(EnergyDiagnoser diagnoser) : AnalyserBase
{
    public override string Id => "EnergyBench.Measurement";

    protected override IEnumerable<Conclusion> AnalyseReport(BenchmarkReport report, Summary summary)
    {
        if (!diagnoser.Results.TryGetValue(report.BenchmarkCase, out var measurement))
            yield break;
        if (measurement.Incomplete is { } incomplete)
        {
            int? exitCode = report.ExecuteResults.LastOrDefault()?.ExitCode;
            yield return CreateWarning($"INCOMPLETE: {incomplete}{(exitCode is { } code ? $" (exit code {code})" : "")}; " +
                                       "the samples keep those iterations, marked case_incomplete", report);
        }
        else if (measurement.Iterations.Count == 0)
            yield return CreateWarning("no iteration windows were recorded (the benchmark must call IterationRecorder.Start in its [GlobalSetup]); energy is n/a", report);
        foreach (string warning in measurement.Warnings)
            yield return CreateWarning(warning, report);

        var shortest = measurement.Iterations.Select(i => i[Measurement.SampleMetric.Time]?.Value).OfType<double>().DefaultIfEmpty(double.NaN).Min();
        foreach (var meter in diagnoser.Meters.Meters)
        {
            var period = TimeSpan.FromTicks(Math.Max(meter.UpdatePeriod.Ticks, meter.SamplingPeriod.Ticks));
            if (shortest < period.TotalSeconds)
                yield return CreateWarning($"an iteration took {shortest:0.000} s, shorter than the {meter.Name} meter resolves ({period.TotalSeconds:0.###} s); " +
                                           "its values for such iterations are unreliable (more prompts or --max-new-tokens lengthen an iteration)", report);
        }
        int launches = report.AllMeasurements.Select(m => m.LaunchIndex).DefaultIfEmpty(1).Max();
        if (launches > 1)
            yield return CreateWarning($"{launches} launches: the energy and resource columns and the samples come from the last launch only " +
                                       "(BenchmarkDotNet attaches this diagnoser to the last launch), the time columns from all; " +
                                       "repeat whole runs to measure energy per launch", report);
        if (diagnoser.Meters.Rapl is { Wraps: > 0 } rapl)
            yield return CreateHint($"the RAPL energy counter wrapped {rapl.Wraps} time(s) during the run; each wrap was added back", report);
    }
}
