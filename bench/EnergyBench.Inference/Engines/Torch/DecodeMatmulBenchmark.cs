using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using EnergyBench.Models.Architectures;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>One decode matmul shape, [1, in] x [in, out], timed three ways; microseconds per call.</summary>
public sealed record DecodeMatmulTiming(string Name, int Out, int In, double Linear, double InOut, double PlainLoop)
{
    public double WeightBytes => 4.0 * Out * In;

    /// <summary>GB/s of weights read at <paramref name="micros"/> per call.</summary>
    public double Rate(double micros) => WeightBytes / micros / 1e3;
}

/// <summary>
/// The matmuls of one decode step at batch 1, in bare TorchSharp on fp32 weights of the model's shapes: libtorch's
/// linear on [out, in] weights (what the Torch engines call, nn.Linear's layout), libtorch's matmul on [in, out] weights
/// (the layout of Hugging Face's GPT-2 Conv1D), and a plain vectorised dot-product loop over the same [out, in] weights
/// on the same number of threads, which shows what this machine's memory delivers. Each shape cycles over copies that
/// together far exceed any cache, as a decode step reads every weight from memory once.
/// </summary>
public static class DecodeMatmulBenchmark
{
    private const double StreamBytes = 512e6;

    /// <summary>The distinct matmuls of a step: fused q, k, v; the attention output; the MLP; the head.</summary>
    public static IReadOnlyList<(string Name, int Out, int In)> Shapes(ArchitectureConfig config) =>
    [
        ("qkv", config.QueryWidth + 2 * config.KvWidth, config.Hidden),
        ("attention output", config.Hidden, config.QueryWidth),
        (config.GatedMlp ? "gate, up" : "up", config.Inner, config.Hidden),
        ("down", config.Hidden, config.Inner),
        ("head", config.VocabSize, config.Hidden),
    ];

    /// <summary>Loads libtorch as the Torch engines do (threads, OpenMP wait) and times every shape of the model.</summary>
    public static (IReadOnlyDictionary<string, string> Settings, IReadOnlyList<DecodeMatmulTiming> Timings) Run(ArchitectureConfig config, int threads)
    {
        var device = TorchRuntime.Open(ServingConfiguration.TorchCpu, new EngineOptions(threads), out string library);
        var settings = TorchRuntime.Settings(device, Precision.Fp32, library);
        return (settings, Shapes(config).Select(shape => Measure(shape.Name, shape.Out, shape.In, threads)).ToList());
    }

    /// <summary>Medians over <paramref name="passes"/> passes through the copies.</summary>
    private static DecodeMatmulTiming Measure(string name, int outDim, int inDim, int threads, int passes = 7)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        int copies = (int)Math.Max(2, Math.Ceiling(StreamBytes / (4.0 * outDim * inDim)));
        var weights = Enumerable.Range(0, copies).Select(_ => randn(outDim, inDim)).ToArray();
        var transposed = weights.Select(w => w.t().contiguous()).ToArray();
        var x = randn(1, inDim);
        var y = new float[outDim];

        Action<int>[] calls =
        [
            i =>
            {
                using var _ = NewDisposeScope();
                nn.functional.linear(x, weights[i]);
            },
            i =>
            {
                using var _ = NewDisposeScope();
                x.matmul(transposed[i]);
            },
            i => PlainLoop(weights[i], x, y, threads),
        ];
        // The three take turns within each pass, so a change in the machine's load reaches all of them alike.
        var perCall = calls.Select(_ => new List<double>()).ToArray();
        for (int pass = -1; pass < passes; pass++)
            for (int c = 0; c < calls.Length; c++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < copies; i++)
                    calls[c](i);
                if (pass >= 0)
                    perCall[c].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / copies);
            }
        var (linear, inOut, plain) = (Median(perCall[0]), Median(perCall[1]), Median(perCall[2]));
        return new(name, outDim, inDim, linear, inOut, plain);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>y = W x with W [out, in] row-major: one dot product per output row, rows split among the threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // measured from the first call, not after tiering
    private static unsafe void PlainLoop(Tensor weight, Tensor x, float[] y, int threads)
    {
        int outDim = (int)weight.shape[0], inDim = (int)weight.shape[1];
        fixed (byte* weightBytes = weight.bytes, xBytes = x.bytes)
        {
            // The tensors' memory is native and does not move; the threads take its address as a number.
            nint w = (nint)weightBytes, v = (nint)xBytes;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
            {
                int first = (int)((long)outDim * part / threads), end = (int)((long)outDim * (part + 1) / threads);
                for (int row = first; row < end; row++)
                    y[row] = Dot((float*)w + (long)row * inDim, (float*)v, inDim);
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe float Dot(float* a, float* b, int length)
    {
        Vector256<float> sum0 = default, sum1 = default;
        int i = 0;
        for (; i + 16 <= length; i += 16)
        {
            sum0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), sum0);
            sum1 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i + 8), Vector256.Load(b + i + 8), sum1);
        }
        float sum = Vector256.Sum(sum0 + sum1);
        for (; i < length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
