using System.Runtime.InteropServices;

namespace EnergyBench.Inference.Engines.OpenVino;

/// <summary>
/// Our own binding of the OpenVINO C API (<c>libopenvino_c.so</c>, OpenVINO 2023.1 and newer): the entry points the
/// engine needs, resolved once from a configurable path. Every call returns an <c>ov_status_e</c>, which
/// <see cref="Check"/> turns into an <see cref="OpenVinoException"/>. The variadic <c>ov_core_compile_model</c> is
/// called through a fixed-arity pointer with three key/value pairs (CoreCLR cannot call C varargs on Unix; pointer
/// arguments pass the same way in both conventions on x64 and arm64 Linux).
/// </summary>
public sealed unsafe class OpenVinoLibrary
{
    public const string PathVariable = "BENCH_OPENVINO_LIB";
    public const string DefaultPath = "libopenvino_c.so";
    public const int Ok = 0;

    private static readonly Dictionary<string, OpenVinoLibrary> Loaded = new(StringComparer.Ordinal);

    [StructLayout(LayoutKind.Sequential)]
    internal struct Shape
    {
        public long Rank;
        public long* Dims;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Dimension
    {
        public long Min;
        public long Max;
    }

    /// <summary><c>ov_partial_shape_t</c>: a rank (a dimension, dynamic when min and max differ) and its dims.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PartialShape
    {
        public Dimension Rank;
        public Dimension* Dims;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Version
    {
        public byte* BuildNumber;
        public byte* Description;
    }

    internal readonly delegate* unmanaged<nint*, int> CoreCreate;
    internal readonly delegate* unmanaged<nint, void> CoreFree;
    internal readonly delegate* unmanaged<nint, byte*, byte*, nint*, int> CoreReadModel;
    internal readonly delegate* unmanaged<nint, nint, byte*, nuint, nint*, byte*, byte*, byte*, byte*, byte*, byte*, int> CoreCompileModel;
    internal readonly delegate* unmanaged<nint, void> ModelFree;
    internal readonly delegate* unmanaged<nint, nuint*, int> ModelInputsSize;
    internal readonly delegate* unmanaged<nint, nuint*, int> ModelOutputsSize;
    internal readonly delegate* unmanaged<nint, nuint, nint*, int> ModelInputByIndex;
    internal readonly delegate* unmanaged<nint, nuint, nint*, int> ModelOutputByIndex;
    internal readonly delegate* unmanaged<nint, byte**, int> PortGetAnyName;
    internal readonly delegate* unmanaged<nint, void> PortFree;
    internal readonly delegate* unmanaged<nint, PartialShape*, int> PortGetPartialShape;
    internal readonly delegate* unmanaged<PartialShape*, void> PartialShapeFree;
    internal readonly delegate* unmanaged<nint, void> CompiledModelFree;
    internal readonly delegate* unmanaged<nint, nint*, int> CreateInferRequest;
    internal readonly delegate* unmanaged<nint, void> InferRequestFree;
    internal readonly delegate* unmanaged<nint, byte*, nint, int> SetTensor;
    internal readonly delegate* unmanaged<nint, byte*, nint*, int> GetTensor;
    internal readonly delegate* unmanaged<nint, int> Infer;
    internal readonly delegate* unmanaged<int, Shape, void*, nint*, int> TensorFromHostPointer;
    internal readonly delegate* unmanaged<nint, void> TensorFree;
    internal readonly delegate* unmanaged<nint, void**, int> TensorData;
    internal readonly delegate* unmanaged<nint, Shape*, int> TensorGetShape;
    internal readonly delegate* unmanaged<Shape*, int> ShapeFree;
    internal readonly delegate* unmanaged<byte*, void> Free;
    private readonly delegate* unmanaged<int, byte*> _errorInfo;
    private readonly delegate* unmanaged<byte*> _lastErrorMessage; // OpenVINO 2024.0+; null before

    private OpenVinoLibrary(nint library, string path)
    {
        Path = path;
        nint Export(string name) => NativeLibrary.TryGetExport(library, name, out nint address)
            ? address
            : throw new InvalidOperationException($"{path} has no {name} (OpenVINO 2023.1 or newer is needed)");
        CoreCreate = (delegate* unmanaged<nint*, int>)Export("ov_core_create");
        CoreFree = (delegate* unmanaged<nint, void>)Export("ov_core_free");
        CoreReadModel = (delegate* unmanaged<nint, byte*, byte*, nint*, int>)Export("ov_core_read_model");
        CoreCompileModel = (delegate* unmanaged<nint, nint, byte*, nuint, nint*, byte*, byte*, byte*, byte*, byte*, byte*, int>)Export("ov_core_compile_model");
        ModelFree = (delegate* unmanaged<nint, void>)Export("ov_model_free");
        ModelInputsSize = (delegate* unmanaged<nint, nuint*, int>)Export("ov_model_inputs_size");
        ModelOutputsSize = (delegate* unmanaged<nint, nuint*, int>)Export("ov_model_outputs_size");
        ModelInputByIndex = (delegate* unmanaged<nint, nuint, nint*, int>)Export("ov_model_const_input_by_index");
        ModelOutputByIndex = (delegate* unmanaged<nint, nuint, nint*, int>)Export("ov_model_const_output_by_index");
        PortGetAnyName = (delegate* unmanaged<nint, byte**, int>)Export("ov_port_get_any_name");
        PortFree = (delegate* unmanaged<nint, void>)Export("ov_output_const_port_free");
        PortGetPartialShape = (delegate* unmanaged<nint, PartialShape*, int>)Export("ov_port_get_partial_shape");
        PartialShapeFree = (delegate* unmanaged<PartialShape*, void>)Export("ov_partial_shape_free");
        CompiledModelFree = (delegate* unmanaged<nint, void>)Export("ov_compiled_model_free");
        CreateInferRequest = (delegate* unmanaged<nint, nint*, int>)Export("ov_compiled_model_create_infer_request");
        InferRequestFree = (delegate* unmanaged<nint, void>)Export("ov_infer_request_free");
        SetTensor = (delegate* unmanaged<nint, byte*, nint, int>)Export("ov_infer_request_set_tensor");
        GetTensor = (delegate* unmanaged<nint, byte*, nint*, int>)Export("ov_infer_request_get_tensor");
        Infer = (delegate* unmanaged<nint, int>)Export("ov_infer_request_infer");
        TensorFromHostPointer = (delegate* unmanaged<int, Shape, void*, nint*, int>)Export("ov_tensor_create_from_host_ptr");
        TensorFree = (delegate* unmanaged<nint, void>)Export("ov_tensor_free");
        TensorData = (delegate* unmanaged<nint, void**, int>)Export("ov_tensor_data");
        TensorGetShape = (delegate* unmanaged<nint, Shape*, int>)Export("ov_tensor_get_shape");
        ShapeFree = (delegate* unmanaged<Shape*, int>)Export("ov_shape_free");
        Free = (delegate* unmanaged<byte*, void>)Export("ov_free");
        _errorInfo = (delegate* unmanaged<int, byte*>)Export("ov_get_error_info");
        if (NativeLibrary.TryGetExport(library, "ov_get_last_err_msg", out nint lastError))
            _lastErrorMessage = (delegate* unmanaged<byte*>)lastError;
        VersionText = ReadVersion(library);
    }

    public string Path { get; }

    /// <summary>"2025.1.0-18503-..." as the library reports it.</summary>
    public string VersionText { get; }

    /// <summary>
    /// The library at <c>BENCH_OPENVINO_LIB</c> (default: <c>libopenvino_c.so</c> on the loader's search path), loaded
    /// once per process; throws <see cref="ConfigurationUnavailableException"/> saying how to get it when it is missing.
    /// </summary>
    public static OpenVinoLibrary Load(ServingConfiguration configuration)
    {
        string path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? configured : DefaultPath;
        lock (Loaded)
        {
            if (Loaded.TryGetValue(path, out var loaded))
                return loaded;
            if (!NativeLibrary.TryLoad(path, out nint library))
                throw new ConfigurationUnavailableException(configuration,
                    $"{path} not found (install OpenVINO 2024 or newer and set --openvino-lib / {PathVariable} to its libopenvino_c.so, or add its folder to LD_LIBRARY_PATH)");
            try
            {
                return Loaded[path] = new OpenVinoLibrary(library, path);
            }
            catch (InvalidOperationException e)
            {
                NativeLibrary.Free(library);
                throw new ConfigurationUnavailableException(configuration, e.Message);
            }
        }
    }

    /// <summary>Throws when <paramref name="status"/> is an error, with OpenVINO's name for it and its last message.</summary>
    internal void Check(int status, string call)
    {
        if (status == Ok)
            return;
        string info = Marshal.PtrToStringUTF8((nint)_errorInfo(status)) ?? "";
        string detail = "";
        if (_lastErrorMessage != null)
        {
            byte* message = _lastErrorMessage();
            if (message != null)
            {
                detail = (Marshal.PtrToStringUTF8((nint)message) ?? "").Trim();
                Free(message);
            }
        }
        string text = $"{StatusName(status)} ({status}){(info.Length > 0 ? ": " + info : "")}";
        throw new OpenVinoException(call, status, detail.Length > 0 ? $"{text}: {detail.Split('\n')[0]}" : text);
    }

    private static string StatusName(int status) => status switch
    {
        -1 => "GENERAL_ERROR", -2 => "NOT_IMPLEMENTED", -3 => "NETWORK_NOT_LOADED", -4 => "PARAMETER_MISMATCH",
        -5 => "NOT_FOUND", -6 => "OUT_OF_BOUNDS", -7 => "UNEXPECTED", -8 => "REQUEST_BUSY", -9 => "RESULT_NOT_READY",
        -10 => "NOT_ALLOCATED", -11 => "INFER_NOT_STARTED", -12 => "NETWORK_NOT_READ", -13 => "INFER_CANCELLED",
        -14 => "INVALID_C_PARAM", -15 => "UNKNOWN_C_ERROR", -16 => "NOT_IMPLEMENT_C_METHOD", -17 => "UNKNOWN_EXCEPTION",
        _ => "ERROR",
    };

    private static string ReadVersion(nint library)
    {
        if (!NativeLibrary.TryGetExport(library, "ov_get_openvino_version", out nint get)
            || !NativeLibrary.TryGetExport(library, "ov_version_free", out nint free))
            return "unknown";
        Version version;
        if (((delegate* unmanaged<Version*, int>)get)(&version) != Ok)
            return "unknown";
        string text = Marshal.PtrToStringUTF8((nint)version.BuildNumber) ?? "unknown";
        ((delegate* unmanaged<Version*, void>)free)(&version);
        return text;
    }
}
