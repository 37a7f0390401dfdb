using System.Diagnostics;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Running;
using EnergyBench.Diagnosers.Diagnosers;

namespace EnergyBench.Diagnosers.Interruption;

/// <summary>
/// Ends a benchmark process that runs longer than the case time limit (BenchmarkDotNet 0.15.8 has no timeout for the
/// processes it starts, so a hung engine would hold a long run forever). The process tree is killed; BenchmarkDotNet
/// then reports the case as failed and the energy diagnoser keeps the iterations it finished, marked incomplete and
/// timed out.
/// </summary>
public sealed class CaseWatchdog(TimeSpan limit) : HostSignalDiagnoser, IDisposable
{
    private readonly Lock _lock = new();
    private readonly HashSet<BenchmarkCase> _fired = [];
    private Timer? _timer;

    public TimeSpan Limit => limit;

    /// <summary>Whether the watchdog ended this case's process.</summary>
    public bool FiredFor(BenchmarkCase benchmarkCase)
    {
        lock (_lock)
            return _fired.Contains(benchmarkCase);
    }

    public override IEnumerable<string> Ids => ["EnergyBench.Watchdog"];

    public override void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        if (signal == HostSignal.AfterProcessStart)
        {
            var process = parameters.Process;
            var benchmarkCase = parameters.BenchmarkCase;
            lock (_lock)
            {
                _timer?.Dispose();
                _timer = new Timer(_ => Fire(process, benchmarkCase), null, limit, Timeout.InfiniteTimeSpan);
            }
        }
        else if (signal == HostSignal.AfterProcessExit)
        {
            lock (_lock)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    private void Fire(Process process, BenchmarkCase benchmarkCase)
    {
        lock (_lock)
            _fired.Add(benchmarkCase);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It exited on its own just before the limit.
        }
    }

    public void Dispose()
    {
        lock (_lock)
            _timer?.Dispose();
    }
}
