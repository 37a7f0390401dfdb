using BenchmarkDotNet.Running;
using EnergyBench.Campaign.Progress;

namespace EnergyBench.Campaign;

/// <summary>
/// Reports a running case's measured iterations to the progress display, counted once a second from the iteration
/// log its benchmark process flushes after every iteration (<c>raw/*-iterations.log</c>, written when meters are on).
/// </summary>
public sealed class IterationPoller : IDisposable
{
    private const string ActualMarker = "stage=actual";
    private readonly Timer _timer;
    private readonly string _raw;
    private readonly int _planned;
    private readonly CampaignProgress _progress;
    private int _reported = -1;

    public IterationPoller(string caseFolder, BenchmarkCase benchmarkCase, CampaignProgress progress)
    {
        _raw = Path.Combine(caseFolder, "raw");
        var job = benchmarkCase.Job;
        _planned = job.HasValue(BenchmarkDotNet.Jobs.RunMode.IterationCountCharacteristic) ? job.Run.IterationCount : 0;
        _progress = progress;
        _timer = new Timer(_ => Poll(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private void Poll()
    {
        try
        {
            if (!Directory.Exists(_raw))
                return;
            int done = Directory.EnumerateFiles(_raw, "*-iterations.log")
                .Sum(file => File.ReadLines(file).Count(line => line.Contains(ActualMarker, StringComparison.Ordinal)));
            if (Interlocked.Exchange(ref _reported, done) != done)
                _progress.Iteration(done, _planned);
        }
        catch (IOException)
        {
            // The log is being written or moved; the next poll reads it.
        }
    }

    public void Dispose() => _timer.Dispose();
}
