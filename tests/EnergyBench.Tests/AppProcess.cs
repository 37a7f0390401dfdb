using System.Diagnostics;
using System.Text;
using EnergyBench.Models;

namespace EnergyBench.Tests;

/// <summary>Runs the suite's app as a user would (<c>dotnet EnergyBench.dll ...</c>) and captures its output.</summary>
public static class AppProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>The app, started and still running: its process and what it has printed so far.</summary>
    public sealed class Started : IDisposable
    {
        private readonly StringBuilder _output = new(), _error = new();

        internal Started(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(_output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        /// <summary>Waits for the app to exit; kills it and throws when it takes longer than <paramref name="timeoutSeconds"/>.</summary>
        public Result Wait(int timeoutSeconds = 900)
        {
            if (!Process.WaitForExit(timeoutSeconds * 1000))
            {
                Process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the app did not finish in {timeoutSeconds} s: {Process.StartInfo.ArgumentList.Aggregate("", (a, b) => a + " " + b)}");
            }
            Process.WaitForExit(); // drains the asynchronous readers
            lock (_output)
                lock (_error)
                    return new Result(Process.ExitCode, _output.ToString(), _error.ToString());
        }

        private static void Append(StringBuilder text, string? line)
        {
            if (line is null)
                return;
            lock (text)
                text.AppendLine(line);
        }

        public void Dispose()
        {
            if (!Process.HasExited)
                Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    public static Result Run(IEnumerable<string> args, IDictionary<string, string>? environment = null, int timeoutSeconds = 900)
    {
        using var running = Start(args, environment);
        return running.Wait(timeoutSeconds);
    }

    public static Started Start(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = SuitePaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(EnergyBench.Running.BenchRunner).Assembly.Location);
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment[SuitePaths.RootVariable] = SuitePaths.Root;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        return new Started(Process.Start(start)!);
    }
}
