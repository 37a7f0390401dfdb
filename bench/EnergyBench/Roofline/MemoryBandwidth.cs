using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace EnergyBench.Roofline;

/// <summary>Read bandwidths of the repetitions, bytes per second.</summary>
public sealed record BandwidthReading(long BufferBytes, int Threads, IReadOnlyList<double> BytesPerSecond)
{
    public double Best => BytesPerSecond.Max();
    public double Median => BytesPerSecond.Order().ElementAt(BytesPerSecond.Count / 2);
}

/// <summary>
/// Sustained memory read bandwidth: each thread sums its slice of a buffer far larger than the last-level cache with
/// <see cref="Vector{T}"/> adds (four independent accumulators, so the adds never wait on each other), all threads
/// started together; a repetition's bandwidth is the buffer's bytes over the slowest thread's finish.
/// </summary>
public static class MemoryBandwidth
{
    // The sums are kept so that the reads cannot be optimised away.
    private static float _sink;

    public static BandwidthReading Measure(long bufferBytes, int threads, int repetitions)
    {
        int lanes = Vector<float>.Count * 4;
        long length = bufferBytes / sizeof(float) / (threads * lanes) * (threads * lanes);
        var buffer = GC.AllocateUninitializedArray<float>(checked((int)length), pinned: true);
        buffer.AsSpan().Fill(1f); // touches every page, so the first repetition does not measure page faults
        long slice = length / threads;
        var readings = new List<double>();
        for (int r = 0; r <= repetitions; r++)
        {
            var sums = new float[threads];
            using var start = new Barrier(threads + 1);
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                sums[t] = Sum(buffer.AsSpan((int)(t * slice), (int)slice));
            }) { IsBackground = true }).ToList();
            workers.ForEach(w => w.Start());
            start.SignalAndWait();
            long begin = Stopwatch.GetTimestamp();
            workers.ForEach(w => w.Join());
            double seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
            _sink += sums.Sum();
            if (r > 0) // the first pass warms the threads, caches and TLB
                readings.Add(slice * threads * sizeof(float) / seconds);
        }
        return new BandwidthReading(length * sizeof(float), threads, readings);
    }

    private static float Sum(ReadOnlySpan<float> values)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        Vector<float> a = default, b = default, c = default, d = default;
        for (int i = 0; i + 3 < vectors.Length; i += 4)
        {
            a += vectors[i];
            b += vectors[i + 1];
            c += vectors[i + 2];
            d += vectors[i + 3];
        }
        return Vector.Sum(a + b + c + d);
    }
}
