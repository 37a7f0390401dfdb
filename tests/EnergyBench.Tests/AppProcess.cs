using System.Diagnostics;
using EnergyBench.Models;

namespace EnergyBench.Tests;

/// <summary>Runs the suite's app as a user would (<c>dotnet EnergyBench.dll ...</c>) and captures its output.</summary>
public static class AppProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(IEnumerable<string> args, IDictionary<string, string>? environment = null, int timeoutSeconds = 900)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = SuitePaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(Running.BenchRunner).Assembly.Location);
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment[SuitePaths.RootVariable] = SuitePaths.Root;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the app did not finish in {timeoutSeconds} s: {string.Join(' ', args)}");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
