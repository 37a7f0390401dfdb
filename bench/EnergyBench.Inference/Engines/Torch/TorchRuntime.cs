using System.Reflection;
using System.Runtime.InteropServices;
using EnergyBench.Inference.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>What the eager and TorchScript engines share: loading libtorch, choosing the device, dtype and threads.</summary>
internal static class TorchRuntime
{
    private static readonly object ThreadSettingsLock = new();
    private static bool _interOpThreadsSet;

    /// <summary>Loads libtorch, checks the configuration's device and sets the thread counts; returns the device.</summary>
    public static Device Open(ServingConfiguration configuration, EngineOptions options, out string library)
    {
        library = Load();
        if (configuration.Provider == ExecutionProvider.Cuda)
            CheckCuda(configuration);
        SetThreads(options.IntraOpThreads);
        return configuration.Provider == ExecutionProvider.Cuda ? CUDA : CPU;
    }

    /// <summary>Throws unless this build has the CUDA libtorch and it sees a device.</summary>
    public static void CheckCuda(ServingConfiguration configuration)
    {
        if (!BuildAccelerator.TorchHasCuda)
            throw new ConfigurationUnavailableException(configuration, BuildAccelerator.CpuBuildReason(configuration.Engine));
        Load();
        if (!cuda.is_available())
            throw new ConfigurationUnavailableException(configuration, $"this build references {BuildAccelerator.TorchPackage}, but TorchSharp sees no CUDA device (no NVIDIA GPU or driver, or CUDA_VISIBLE_DEVICES hides it)");
    }

    /// <summary>Loads libtorch with its OpenMP threads set to wait passively (see <see cref="OpenMpWaitPolicy"/>).</summary>
    public static string Load()
    {
        OpenMpWaitPolicy.ApplyBeforeLoad();
        return LibTorchSharpLoader.EnsureLoaded();
    }

    public static ScalarType DType(Precision precision) => precision switch
    {
        Precision.Fp16 => ScalarType.Float16,
        Precision.Bf16 => ScalarType.BFloat16,
        _ => ScalarType.Float32,
    };

    public static Dictionary<string, string> Settings(Device device, Precision precision, string library) => new()
    {
        ["engine"] = "TorchSharp " + (typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?"),
        ["provider"] = device.type.ToString(),
        ["precision"] = precision.Name(),
        ["intra_op_threads"] = get_num_threads().ToString(),
        ["inter_op_threads"] = get_num_interop_threads().ToString(),
        ["openmp_wait"] = OpenMpWaitPolicy.Describe(),
        ["libtorchsharp"] = library,
    };

    /// <summary>Waits for queued device work, so a measurement window closes after the work it measures.</summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
            cuda.synchronize();
    }

    /// <summary>
    /// The alpha of every tensor addition, held for the process's lifetime. TorchSharp's <c>a + b</c> makes a temporary
    /// Scalar for alpha and reads its native handle without keeping the Scalar alive; the finalizer can free it while
    /// libtorch still reads it (seen as "Expected false to be true ... toFloat" after tens of thousands of steps). Hot
    /// paths therefore add with this Scalar and build index tensors from arrays instead of Scalar arguments.
    /// </summary>
    public static readonly Scalar One = 1;

    public static Tensor Add(Tensor a, Tensor b) => a.add(b, One);

    /// <summary>Positions start .. start + count - 1 as a [1, count] int64 tensor on <paramref name="device"/>.</summary>
    public static Tensor Positions(int start, int count, Device device)
    {
        var positions = new long[count];
        for (int i = 0; i < count; i++)
            positions[i] = start + i;
        return tensor(positions, [1, count], dtype: ScalarType.Int64).to(device);
    }

    /// <summary>Token ids as the [rows, n] int64 tensor the models take, on <paramref name="device"/>.</summary>
    public static Tensor InputIds(ReadOnlySpan<int> tokenIds, Device device, int rows = 1)
    {
        var ids = new long[tokenIds.Length];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = tokenIds[i];
        return tensor(ids, [rows, ids.Length / rows], dtype: ScalarType.Int64).to(device);
    }

    /// <summary>Logits of one position per row as float32 on the CPU, copied into <paramref name="destination"/>.</summary>
    public static void CopyLogits(Tensor logits, float[] destination)
    {
        using var host = logits.to(ScalarType.Float32, CPU).contiguous();
        MemoryMarshal.Cast<byte, float>(host.bytes).CopyTo(destination);
    }

    private static void SetThreads(int intraOp)
    {
        lock (ThreadSettingsLock)
        {
            set_num_threads(intraOp);
            if (_interOpThreadsSet)
                return;
            _interOpThreadsSet = true;
            try
            {
                set_num_interop_threads(1); // libtorch accepts this once, before any inter-op work
            }
            catch (ExternalException)
            {
            }
        }
    }
}
