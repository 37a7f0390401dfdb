using System.Runtime.InteropServices;

namespace EnergyBench.Diagnosers.Interruption;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a clean stop: the run is not killed; the benchmark process in
/// progress is ended (what it measured so far is kept as an incomplete case), later cases are not started, idle
/// windows end at once, and the reports and samples are written as usual. A second signal stops the run at once.
/// </summary>
public sealed class RunInterruption : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration? _terminate;
    private readonly TextWriter _messages;
    private int _signals;

    private RunInterruption(TextWriter messages, bool listen)
    {
        _messages = messages;
        if (!listen)
            return;
        Console.CancelKeyPress += OnCancelKeyPress;
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = Request("SIGTERM"));
    }

    /// <summary>Listens for SIGINT and SIGTERM until disposed.</summary>
    public static RunInterruption Listen(TextWriter? messages = null) => new(messages ?? Console.Error, listen: true);

    /// <summary>An interruption nobody can request by signal (tests, listings); <see cref="Request"/> still works.</summary>
    public static RunInterruption None() => new(TextWriter.Null, listen: false);

    public bool IsRequested => _requested.IsCancellationRequested;

    /// <summary>The signal that stopped the run, once one has.</summary>
    public string? Signal { get; private set; }

    /// <summary>Cancelled when a stop is requested; idle waits and the process watchdog listen to it.</summary>
    public CancellationToken Token => _requested.Token;

    /// <summary>Requests a clean stop; returns whether the signal's default action (ending the process) is to be cancelled.</summary>
    public bool Request(string signal)
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            _messages.WriteLine($"{signal} again: stopping at once; what was measured so far is in the run's raw/ folder");
            return false;
        }
        Signal = signal;
        _messages.WriteLine($"{signal}: stopping after writing what was measured (the case in progress is kept as incomplete); press Ctrl-C again to stop at once");
        _requested.Cancel();
        return true;
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => e.Cancel = Request("Ctrl-C");

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate?.Dispose();
        _requested.Dispose();
    }
}
