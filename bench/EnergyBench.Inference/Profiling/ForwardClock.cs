using System.Diagnostics;

namespace EnergyBench.Inference.Profiling;

/// <summary>
/// Time spent inside the engines' native forward calls (ONNX Runtime's RunWithBinding, OpenVINO's infer, the TorchSharp
/// module's forward, the TorchScript step), summed over the process on the <see cref="Stopwatch"/> clock. Always on:
/// one timestamp pair and one interlocked add per call, no allocation. A benchmark reads <see cref="Ticks"/> before and
/// after its work; everything else in that work (inputs, logits copy, argmax, KV bookkeeping, the loop) is non-forward.
/// </summary>
public static class ForwardClock
{
    private static long _ticks;

    /// <summary>Forward ticks so far in this process.</summary>
    public static long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>The timestamp a forward call starts at; pass it to <see cref="Stop"/> when the call returns.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    public static void Stop(long start) => Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);

    /// <summary>
    /// Why a configuration's forward time is not its forward time, or null when it is. TorchSharp queues CUDA kernels
    /// and returns, so the timer would measure launches; ONNX Runtime waits for its stream at the end of a run, and
    /// CPU work is done when the call returns.
    /// </summary>
    public static string? NotMeasurable(ServingConfiguration configuration) =>
        configuration.Provider == ExecutionProvider.Cuda && configuration.Engine is RuntimeEngine.Torch or RuntimeEngine.Jit
            ? "TorchSharp returns from a CUDA forward call when its kernels are queued, so an unsynchronised timer measures launches, not the forward pass"
            : null;
}
