using System.Diagnostics;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Running;
using EnergyBench.Diagnosers.Diagnosers;

namespace EnergyBench.Diagnosers.Interruption;

/// <summary>
/// Ends benchmark processes once a stop was requested: the one running when the signal came, and every later one as
/// soon as BenchmarkDotNet starts it (BenchmarkDotNet 0.15.8 has no way to stop its run loop early, so the remaining
/// cases fail at once instead of running).
/// </summary>
public sealed class InterruptionDiagnoser : HostSignalDiagnoser
{
    private readonly RunInterruption _interruption;
    private readonly Lock _lock = new();
    private Process? _current;

    public InterruptionDiagnoser(RunInterruption interruption)
    {
        _interruption = interruption;
        interruption.Token.Register(() => Kill(Current));
    }

    private Process? Current
    {
        get { lock (_lock) return _current; }
        set { lock (_lock) _current = value; }
    }

    public override IEnumerable<string> Ids => ["EnergyBench.Interruption"];

    public override void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        if (signal == HostSignal.AfterProcessStart)
        {
            Current = parameters.Process;
            if (_interruption.IsRequested)
                Kill(parameters.Process);
        }
        else if (signal == HostSignal.AfterProcessExit)
        {
            Current = null;
        }
    }

    private static void Kill(Process? process)
    {
        try
        {
            process?.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It exited on its own (a terminal's Ctrl-C reaches it too).
        }
    }
}
