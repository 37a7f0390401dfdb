using System.Runtime.InteropServices;

namespace EnergyBench.Inference.Native;

/// <summary>Asks the CUDA runtime a CUDA build has already loaded whether it sees a device.</summary>
public static unsafe class CudaRuntime
{
    private const int Success = 0;

    /// <summary>
    /// Null when the loaded libcudart counts at least one device, or when no libcudart is loaded (nothing to ask);
    /// otherwise the runtime's own reason, e.g. "no CUDA-capable device is detected".
    /// </summary>
    public static string? DeviceProblem()
    {
        if (LoadedLibrary("libcudart.so") is not { } path)
            return null;
        nint library = NativeLibrary.Load(path);
        var getDeviceCount = (delegate* unmanaged<int*, int>)NativeLibrary.GetExport(library, "cudaGetDeviceCount");
        var getErrorString = (delegate* unmanaged<int, nint>)NativeLibrary.GetExport(library, "cudaGetErrorString");
        int count = 0;
        int status = getDeviceCount(&count);
        if (status != Success)
            return $"CUDA finds no usable device: {Marshal.PtrToStringUTF8(getErrorString(status))} ({Path.GetFileName(path)}, error {status})";
        return count == 0 ? "CUDA counts no device" : null;
    }

    /// <summary>The path of a loaded library whose file name starts with <paramref name="prefix"/>, from /proc/self/maps.</summary>
    public static string? LoadedLibrary(string prefix) =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/') is var start and >= 0 ? line[start..] : null)
            .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal));
}
