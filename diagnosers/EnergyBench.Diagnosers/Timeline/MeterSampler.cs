using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EnergyBench.Diagnosers.Meters;

namespace EnergyBench.Diagnosers.Timeline;

/// <summary>
/// Samples meters on background threads (one per meter, so a slow network meter never delays a local counter) into
/// series on the <see cref="Stopwatch"/> clock, the same monotonic clock the benchmark process stamps its iterations
/// with. Every sample is also appended to a raw log as it is taken. A meter that fails stops; its failure is kept
/// as the reason its series end early.
/// </summary>
public sealed class MeterSampler : IDisposable
{
    private sealed record Running(IMeter Meter, Thread Thread, Lock ReadLock, bool OnDemand);

    private readonly ConcurrentDictionary<string, Series> _series = new();
    private readonly ConcurrentDictionary<string, string> _failures = new();
    private readonly List<Running> _running = [];
    private readonly TextWriter? _rawLog;
    private readonly Lock _logLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly long _origin = Stopwatch.GetTimestamp();

    public MeterSampler(TextWriter? rawLog = null)
    {
        _rawLog = rawLog;
        _rawLog?.WriteLine("time_s,channel,value");
    }

    /// <summary>Channel name to its samples so far.</summary>
    public IReadOnlyDictionary<string, Series> Series => _series;

    /// <summary>Meter name to the reason it stopped, for meters that failed while sampling.</summary>
    public IReadOnlyDictionary<string, string> Failures => _failures;

    /// <summary>Takes a first sample now, then one every <see cref="IMeter.SamplingPeriod"/> until <see cref="Stop"/>.</summary>
    /// <param name="onDemand">Whether <see cref="SampleNow"/> reads this meter too (false for slow network meters).</param>
    public void Start(IMeter meter, bool onDemand = true)
    {
        foreach (var channel in meter.Channels)
            _series.TryAdd(channel.Name, new Series(channel.Name, channel.Kind));
        var readLock = new Lock();
        if (!TrySample(meter, readLock))
            return;
        var thread = new Thread(() => Loop(meter, readLock)) { IsBackground = true, Name = "meter " + meter.Name };
        lock (_running)
            _running.Add(new Running(meter, thread, readLock, onDemand));
        thread.Start();
    }

    /// <summary>One extra sample of every local meter at this instant (e.g. at a stage boundary).</summary>
    public void SampleNow()
    {
        Running[] running;
        lock (_running)
            running = _running.Where(r => r.OnDemand).ToArray();
        foreach (var r in running)
            TrySample(r.Meter, r.ReadLock);
    }

    /// <summary>Stops the threads after one last sample of every meter still working.</summary>
    public void Stop()
    {
        if (_stop.IsCancellationRequested)
            return;
        _stop.Cancel();
        Running[] running;
        lock (_running)
            running = _running.ToArray();
        foreach (var r in running)
            r.Thread.Join();
        foreach (var r in running)
            TrySample(r.Meter, r.ReadLock);
        lock (_logLock)
            _rawLog?.Flush();
    }

    private void Loop(IMeter meter, Lock readLock)
    {
        var period = meter.SamplingPeriod;
        long next = Stopwatch.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            next += (long)(period.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero && _stop.Token.WaitHandle.WaitOne(wait))
                return;
            if (!TrySample(meter, readLock))
                return;
        }
    }

    private bool TrySample(IMeter meter, Lock readLock)
    {
        if (_failures.ContainsKey(meter.Name))
            return false;
        Span<double> values = stackalloc double[meter.Channels.Count];
        long ticks;
        lock (readLock)
        {
            long before = Stopwatch.GetTimestamp();
            try
            {
                meter.Read(values);
            }
            catch (MeterException e)
            {
                _failures.TryAdd(meter.Name, $"{e.Message} (at {Seconds(before):0.0} s)");
                return false;
            }
            // A reading is taken somewhere during the call; its middle is the best guess (matters for HTTP meters).
            ticks = before + (Stopwatch.GetTimestamp() - before) / 2;
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                continue;
            _series[meter.Channels[i].Name].Add(ticks, values[i]);
            Log(ticks, meter.Channels[i].Name, values[i]);
        }
        return true;
    }

    private void Log(long ticks, string channel, double value)
    {
        if (_rawLog is null)
            return;
        lock (_logLock)
        {
            _rawLog.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Seconds(ticks):0.000000},{channel},{value:R}"));
            _rawLog.Flush();
        }
    }

    private double Seconds(long ticks) => (ticks - _origin) / (double)Stopwatch.Frequency;

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
        _rawLog?.Dispose();
    }
}
