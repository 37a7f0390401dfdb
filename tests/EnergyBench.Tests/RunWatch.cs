using System.Runtime.InteropServices;

namespace EnergyBench.Tests;

/// <summary>Watches a running benchmark run from outside, as a user's shell would: its iteration logs, its processes, signals.</summary>
public static partial class RunWatch
{
    /// <summary>Waits until some case of the run has logged <paramref name="count"/> finished actual iterations; returns that log.</summary>
    public static string WaitForIterations(AppProcess.Started app, string runDirectory, int count, int timeoutSeconds = 600)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline && !app.Process.HasExited)
        {
            string raw = Path.Combine(runDirectory, "raw");
            if (Directory.Exists(raw))
                foreach (string log in Directory.EnumerateFiles(raw, "*-iterations.log"))
                    if (ReadShared(log).Count(line => line.Contains("stage=actual")) >= count)
                        return log;
            Thread.Sleep(200);
        }
        throw new TimeoutException($"no case logged {count} actual iterations in {runDirectory}; the app said:\n{app.Output}");
    }

    /// <summary>The benchmark process BenchmarkDotNet started for the case in progress: the host's only child now.</summary>
    public static int BenchmarkProcessOf(int host)
    {
        var children = Directory.EnumerateDirectories($"/proc/{host}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse).Distinct().ToList();
        Assert.True(children.Count == 1, $"expected one benchmark process under the app ({host}), found {children.Count}");
        return children[0];
    }

    public static void Signal(int pid, int signal) =>
        Assert.True(kill(pid, signal) == 0, $"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");

    public const int SigInt = 2, SigKill = 9;

    private static List<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            lines.Add(line);
        return lines;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
