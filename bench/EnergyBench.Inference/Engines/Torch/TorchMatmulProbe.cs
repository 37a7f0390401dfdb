using System.Diagnostics;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>fp32 matmul throughput of one shape, FLOPs per second of each repetition.</summary>
public sealed record MatmulReading(int Rows, int Inner, int Columns, int Threads, IReadOnlyList<double> FlopsPerSecond)
{
    public double Best => FlopsPerSecond.Max();
    public double Median => FlopsPerSecond.Order().ElementAt(FlopsPerSecond.Count / 2);
    public string Shape => $"[{Rows}x{Inner}] x [{Inner}x{Columns}]";
}

/// <summary>
/// Times libtorch's fp32 matmul on the CPU through TorchSharp, as the torch engines call it (inference mode, the same
/// intra-op thread setting): [rows x inner] x [inner x columns], each repetition long enough to time reliably.
/// </summary>
public static class TorchMatmulProbe
{
    public static MatmulReading Measure(int rows, int inner, int columns, int threads, int repetitions)
    {
        TorchRuntime.Load(); // as the engines load it, so the probe's threads wait the same way
        set_num_threads(threads);
        using var mode = inference_mode();
        using var a = randn(rows, inner);
        using var b = randn(inner, columns);
        double flops = 2.0 * rows * inner * columns;
        int calls = Math.Max(1, (int)(2e9 / flops)); // about 2 GFLOP per repetition
        var readings = new List<double>();
        for (int r = 0; r <= repetitions; r++)
        {
            long begin = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                using var product = a.matmul(b);
            }
            double seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
            if (r > 0) // the first repetition warms libtorch's kernels and thread pool
                readings.Add(flops * calls / seconds);
        }
        return new MatmulReading(rows, inner, columns, get_num_threads(), readings);
    }
}
