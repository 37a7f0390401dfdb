namespace EnergyBench.Running;

/// <summary>
/// One benchmark run at a time per build of the app. BenchmarkDotNet generates, builds, runs and finally deletes its
/// benchmark programs in folders beside the app's assembly (<c>EnergyBench-Monitoring-1</c>, ...), named the same in
/// every run; a second run in the same checkout would rebuild the first run's program under its labels or delete it
/// while it runs. The lock is an exclusive file lock (released by the system when the holder exits, however it
/// exits); a holder file beside it says which run holds it, since a locked file cannot be read by others.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _holderPath;

    private RunLock(FileStream handle, string holderPath)
    {
        _lock = handle;
        _holderPath = holderPath;
    }

    /// <summary>The folder BenchmarkDotNet builds its programs in: the app's own.</summary>
    public static string DefaultFolder => AppContext.BaseDirectory;

    /// <summary>Takes the lock for <paramref name="runDirectory"/>, or throws <see cref="RunLockedException"/> naming the run that holds it.</summary>
    public static RunLock Acquire(string runDirectory, string? folder = null)
    {
        folder ??= DefaultFolder;
        string lockPath = Path.Combine(folder, "energybench-run.lock");
        string holderPath = Path.Combine(folder, "energybench-run.holder");
        FileStream handle;
        try
        {
            handle = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string holder = File.Exists(holderPath) ? File.ReadAllText(holderPath).Trim() : "another run";
            throw new RunLockedException(
                $"another benchmark run is using this build's program folder ({holder}); wait for it to finish, or run from another checkout");
        }
        catch (UnauthorizedAccessException)
        {
            throw new RunLockedException($"{folder} is not writable: BenchmarkDotNet builds its benchmark programs there");
        }
        File.WriteAllText(holderPath, $"pid {Environment.ProcessId}, run {runDirectory}, started {DateTime.Now:yyyy-MM-dd HH:mm:ss}");
        return new RunLock(handle, holderPath);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_holderPath);
        }
        catch (IOException)
        {
            // The lock is what matters; a stale holder file is only read while the lock is held by someone.
        }
        _lock.Dispose();
    }
}

/// <summary>The run cannot take the app's program folder: another run holds it, or it is not writable.</summary>
public sealed class RunLockedException(string message) : Exception(message);
