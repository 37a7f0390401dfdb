using System.Diagnostics;
using System.Diagnostics.Tracing;
using BenchmarkDotNet.Engines;

namespace EnergyBench.Diagnosers.Iterations;

/// <summary>
/// Runs inside the benchmark process. It listens to BenchmarkDotNet's public <see cref="EngineEventSource"/>, whose
/// workload warmup/actual start and stop events fire synchronously on the benchmark thread just outside the timed
/// call, and attributes the tokens and forward time the benchmark reports through <see cref="AddTokens"/> and
/// <see cref="AddForwardTicks"/> and the prompts' phases (<see cref="AddPhases"/>) to the iteration in progress.
/// Each finished iteration is written at once to standard output and, when the host names one in
/// <see cref="LogVariable"/>, to a log file that the host's diagnoser reads back; nothing is lost if the process dies later.
/// </summary>
public sealed class IterationRecorder : EventListener
{
    /// <summary>The file (one per benchmark process) the host asks the iteration records to be appended to.</summary>
    public const string LogVariable = "BENCH_ITERATION_LOG";

    private static IterationRecorder? _current;
    private readonly TextWriter _output;
    private readonly StreamWriter? _log;
    private IterationStage? _stage;
    private long _tokens, _startTicks;
    private long? _forwardTicks;
    private readonly List<PhaseWindow> _phases = new(256);
    private int _warmupIndex, _actualIndex;

    private IterationRecorder(TextWriter output, string? logPath)
    {
        _output = output;
        if (logPath is { Length: > 0 })
            _log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    /// <summary>Starts recording for this process (once; later calls return the same recorder).</summary>
    public static IterationRecorder Start(TextWriter? output = null) =>
        _current ??= new IterationRecorder(output ?? Console.Out, Environment.GetEnvironmentVariable(LogVariable));

    /// <summary>Counts tokens toward the iteration in progress; outside an iteration (setup, warm-up calls) they are ignored.</summary>
    public static void AddTokens(long tokens)
    {
        if (_current is { _stage: not null } recorder)
            recorder._tokens += tokens;
    }

    /// <summary>
    /// Counts ticks of the <see cref="Stopwatch"/> clock spent in the engine's forward calls toward the iteration in
    /// progress; an iteration nothing was counted for has no forward time (not zero).
    /// </summary>
    public static void AddForwardTicks(long ticks)
    {
        if (_current is { _stage: not null } recorder)
            recorder._forwardTicks = (recorder._forwardTicks ?? 0) + ticks;
    }

    /// <summary>
    /// Adds one prompt's (or batch's) phases to the iteration in progress; outside an iteration they are ignored. An
    /// iteration nothing was added to has no phases (not empty ones).
    /// </summary>
    public static void AddPhases(PhaseWindow window)
    {
        if (_current is { _stage: not null } recorder)
            recorder._phases.Add(window);
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == EngineEventSource.SourceName)
            EnableEvents(eventSource, EventLevel.Informational);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        long now = Stopwatch.GetTimestamp();
        switch (e.EventId)
        {
            case EngineEventSource.WorkloadWarmupStartEventId:
                Begin(IterationStage.Warmup, now);
                break;
            case EngineEventSource.WorkloadActualStartEventId:
                Begin(IterationStage.Actual, now);
                break;
            case EngineEventSource.WorkloadWarmupStopEventId:
            case EngineEventSource.WorkloadActualStopEventId:
                End(now);
                break;
        }
    }

    private void Begin(IterationStage stage, long now)
    {
        _stage = stage;
        _tokens = 0;
        _forwardTicks = null;
        _phases.Clear();
        _startTicks = now;
    }

    private void End(long now)
    {
        if (_stage is not { } stage)
            return;
        int index = stage == IterationStage.Warmup ? ++_warmupIndex : ++_actualIndex;
        string line = new IterationRecord(stage, index, _tokens, _startTicks, now, _forwardTicks) { Phases = _phases.Count > 0 ? _phases : null }.ToLine();
        _output.WriteLine(line);
        _output.Flush();
        _log?.WriteLine(line);
        _stage = null;
    }
}
