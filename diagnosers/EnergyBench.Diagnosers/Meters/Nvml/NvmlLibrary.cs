using System.Runtime.InteropServices;

namespace EnergyBench.Diagnosers.Meters.Nvml;

/// <summary>
/// Our own binding of the few NVML entry points the suite needs, loaded from a configurable path
/// (<c>libnvidia-ml.so.1</c> ships with the NVIDIA driver). Each call returns the raw <c>nvmlReturn_t</c>; the
/// library is initialised on open and shut down on dispose.
/// </summary>
public sealed unsafe class NvmlLibrary : IDisposable
{
    public const string DefaultPath = "libnvidia-ml.so.1";
    public const int Success = 0;
    public const int NotSupported = 3;
    public const int NoPermission = 4;

    [StructLayout(LayoutKind.Sequential)]
    public struct Utilization { public uint Gpu; public uint Memory; }

    [StructLayout(LayoutKind.Sequential)]
    public struct Memory { public ulong Total; public ulong Free; public ulong Used; }

    private readonly nint _library;
    private readonly delegate* unmanaged<int> _shutdown;
    private readonly delegate* unmanaged<uint*, int> _getCount;
    private readonly delegate* unmanaged<uint, nint*, int> _getHandleByIndex;
    private readonly delegate* unmanaged<nint, byte*, uint, int> _getName;
    private readonly delegate* unmanaged<nint, ulong*, int> _getTotalEnergy;
    private readonly delegate* unmanaged<nint, uint*, int> _getPower;
    private readonly delegate* unmanaged<nint, Utilization*, int> _getUtilization;
    private readonly delegate* unmanaged<nint, Memory*, int> _getMemory;
    private readonly delegate* unmanaged<int, byte*> _errorString;
    // Facts for the run's environment record: optional, a driver without them reports FUNCTION_NOT_FOUND.
    private readonly delegate* unmanaged<byte*, uint, int> _getDriverVersion;
    private readonly delegate* unmanaged<int*, int> _getCudaDriverVersion;
    private readonly delegate* unmanaged<nint, uint*, int> _getPowerLimit;
    private readonly delegate* unmanaged<nint, uint*, int> _getEnforcedPowerLimit;
    private readonly delegate* unmanaged<nint, int, uint*, int> _getClock;
    private readonly delegate* unmanaged<nint, int, uint*, int> _getMaxClock;
    private readonly delegate* unmanaged<nint, int*, int> _getPersistenceMode;
    private bool _disposed;

    public const int FunctionNotFound = 13;

    /// <summary>NVML's clock types: graphics, SM, memory.</summary>
    public enum Clock { Graphics = 0, Sm = 1, Memory = 2 }

    private NvmlLibrary(nint library, string path)
    {
        _library = library;
        nint Export(string name) => NativeLibrary.TryGetExport(library, name, out nint address)
            ? address
            : throw new MeterException($"NVML: {path} has no {name} (driver too old?)");
        var init = (delegate* unmanaged<int>)Export("nvmlInit_v2");
        _shutdown = (delegate* unmanaged<int>)Export("nvmlShutdown");
        _getCount = (delegate* unmanaged<uint*, int>)Export("nvmlDeviceGetCount_v2");
        _getHandleByIndex = (delegate* unmanaged<uint, nint*, int>)Export("nvmlDeviceGetHandleByIndex_v2");
        _getName = (delegate* unmanaged<nint, byte*, uint, int>)Export("nvmlDeviceGetName");
        _getTotalEnergy = (delegate* unmanaged<nint, ulong*, int>)Export("nvmlDeviceGetTotalEnergyConsumption");
        _getPower = (delegate* unmanaged<nint, uint*, int>)Export("nvmlDeviceGetPowerUsage");
        _getUtilization = (delegate* unmanaged<nint, Utilization*, int>)Export("nvmlDeviceGetUtilizationRates");
        _getMemory = (delegate* unmanaged<nint, Memory*, int>)Export("nvmlDeviceGetMemoryInfo");
        _errorString = (delegate* unmanaged<int, byte*>)Export("nvmlErrorString");
        nint Optional(string name) => NativeLibrary.TryGetExport(library, name, out nint address) ? address : 0;
        _getDriverVersion = (delegate* unmanaged<byte*, uint, int>)Optional("nvmlSystemGetDriverVersion");
        _getCudaDriverVersion = (delegate* unmanaged<int*, int>)Optional("nvmlSystemGetCudaDriverVersion_v2");
        _getPowerLimit = (delegate* unmanaged<nint, uint*, int>)Optional("nvmlDeviceGetPowerManagementLimit");
        _getEnforcedPowerLimit = (delegate* unmanaged<nint, uint*, int>)Optional("nvmlDeviceGetEnforcedPowerLimit");
        _getClock = (delegate* unmanaged<nint, int, uint*, int>)Optional("nvmlDeviceGetClockInfo");
        _getMaxClock = (delegate* unmanaged<nint, int, uint*, int>)Optional("nvmlDeviceGetMaxClockInfo");
        _getPersistenceMode = (delegate* unmanaged<nint, int*, int>)Optional("nvmlDeviceGetPersistenceMode");
        int status = init();
        if (status != Success)
            throw new MeterException($"NVML: nvmlInit failed: {Describe(status)}");
    }

    /// <summary>Loads and initialises NVML; throws <see cref="MeterException"/> naming the library when it cannot.</summary>
    public static NvmlLibrary Open(string path)
    {
        nint library = Load(path);
        try
        {
            return new NvmlLibrary(library, path);
        }
        catch
        {
            NativeLibrary.Free(library);
            throw;
        }
    }

    private static nint Load(string path)
    {
        if (path == DefaultPath)
            return NativeLibrary.TryLoad(path, out nint library)
                ? library
                : throw new MeterException($"NVML: {path} not found (no NVIDIA driver on this machine; point --nvml-lib / BENCH_NVML_LIB at libnvidia-ml.so.1)");

        // A library the user named: that path is what is wrong, not the driver.
        const string Fix = "give the path of the NVIDIA driver's libnvidia-ml.so.1 (e.g. /usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1) " +
                           "or leave --nvml-lib / BENCH_NVML_LIB out to use the driver's own";
        if (path.IndexOfAny(['/', '\\']) >= 0 && !File.Exists(path))
            throw new MeterException($"NVML: {path} not found: the library named by --nvml-lib / BENCH_NVML_LIB does not exist; {Fix}");
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            // The runtime's message ends with the loader's own reason (dlerror) on its last line.
            string reason = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? e.Message;
            throw new MeterException($"NVML: {path}, named by --nvml-lib / BENCH_NVML_LIB, cannot be loaded ({reason}); {Fix}");
        }
    }

    public int GetDeviceCount(out uint count)
    {
        uint value;
        int status = _getCount(&value);
        count = value;
        return status;
    }

    public int GetHandleByIndex(uint index, out nint device)
    {
        nint value;
        int status = _getHandleByIndex(index, &value);
        device = value;
        return status;
    }

    public int GetName(nint device, out string name)
    {
        const int length = 96; // NVML_DEVICE_NAME_V2_BUFFER_SIZE
        byte* buffer = stackalloc byte[length];
        int status = _getName(device, buffer, length);
        name = status == Success ? Marshal.PtrToStringUTF8((nint)buffer) ?? "" : "";
        return status;
    }

    /// <summary>Energy since the driver was loaded, in millijoules (Volta and newer).</summary>
    public int GetTotalEnergyConsumption(nint device, out ulong millijoules)
    {
        ulong value;
        int status = _getTotalEnergy(device, &value);
        millijoules = value;
        return status;
    }

    /// <summary>Board power in milliwatts (averaged over one second on Ampere and newer, except GA100).</summary>
    public int GetPowerUsage(nint device, out uint milliwatts)
    {
        uint value;
        int status = _getPower(device, &value);
        milliwatts = value;
        return status;
    }

    public int GetUtilizationRates(nint device, out Utilization utilization)
    {
        Utilization value;
        int status = _getUtilization(device, &value);
        utilization = value;
        return status;
    }

    public int GetMemoryInfo(nint device, out Memory memory)
    {
        Memory value;
        int status = _getMemory(device, &value);
        memory = value;
        return status;
    }

    public int GetDriverVersion(out string version)
    {
        version = "";
        if (_getDriverVersion == null)
            return FunctionNotFound;
        const int length = 80; // NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE
        byte* buffer = stackalloc byte[length];
        int status = _getDriverVersion(buffer, length);
        version = status == Success ? Marshal.PtrToStringUTF8((nint)buffer) ?? "" : "";
        return status;
    }

    /// <summary>The CUDA version the driver supports, as 1000 x major + 10 x minor (12040 = 12.4).</summary>
    public int GetCudaDriverVersion(out int version)
    {
        int value = 0;
        int status = _getCudaDriverVersion == null ? FunctionNotFound : _getCudaDriverVersion(&value);
        version = value;
        return status;
    }

    /// <summary>The power limit set (management) or in force (enforced, the lowest of all limits), in milliwatts.</summary>
    public int GetPowerLimit(nint device, bool enforced, out uint milliwatts)
    {
        var call = enforced ? _getEnforcedPowerLimit : _getPowerLimit;
        uint value = 0;
        int status = call == null ? FunctionNotFound : call(device, &value);
        milliwatts = value;
        return status;
    }

    /// <summary>A clock now, or its maximum, in MHz.</summary>
    public int GetClock(nint device, Clock clock, bool maximum, out uint mhz)
    {
        var call = maximum ? _getMaxClock : _getClock;
        uint value = 0;
        int status = call == null ? FunctionNotFound : call(device, (int)clock, &value);
        mhz = value;
        return status;
    }

    public int GetPersistenceMode(nint device, out bool enabled)
    {
        int value = 0;
        int status = _getPersistenceMode == null ? FunctionNotFound : _getPersistenceMode(device, &value);
        enabled = value == 1;
        return status;
    }

    /// <summary>"NOT_SUPPORTED (3): Not Supported": the code's name, number and NVML's own text.</summary>
    public string Describe(int status)
    {
        string text = Marshal.PtrToStringUTF8((nint)_errorString(status)) ?? "";
        return $"{NvmlReturnName(status)} ({status}): {text}";
    }

    private static string NvmlReturnName(int status) => status switch
    {
        0 => "SUCCESS", 1 => "UNINITIALIZED", 2 => "INVALID_ARGUMENT", 3 => "NOT_SUPPORTED", 4 => "NO_PERMISSION",
        6 => "NOT_FOUND", 9 => "DRIVER_NOT_LOADED", 10 => "TIMEOUT", 12 => "LIBRARY_NOT_FOUND", 13 => "FUNCTION_NOT_FOUND",
        15 => "GPU_IS_LOST", 17 => "OPERATING_SYSTEM", 18 => "LIB_RM_VERSION_MISMATCH", 21 => "NO_DATA", 28 => "GPU_NOT_FOUND",
        _ => "ERROR",
    };

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _shutdown();
        NativeLibrary.Free(_library);
    }
}
