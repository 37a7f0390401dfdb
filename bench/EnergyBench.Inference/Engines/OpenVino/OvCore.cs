using System.Text;

namespace EnergyBench.Inference.Engines.OpenVino;

/// <summary>An <c>ov_core_t</c>: reads models and compiles them for a device.</summary>
public sealed unsafe class OvCore : IDisposable
{
    private readonly OpenVinoLibrary _library;
    private nint _handle;

    public OvCore(OpenVinoLibrary library)
    {
        _library = library;
        nint handle;
        library.Check(library.CoreCreate(&handle), "ov_core_create");
        _handle = handle;
    }

    /// <summary>Reads an ONNX (or IR) file; OpenVINO's ONNX frontend resolves external data next to it.</summary>
    public OvModel ReadModel(string path)
    {
        nint model;
        fixed (byte* utf8 = Utf8(path))
            _library.Check(_library.CoreReadModel(_handle, utf8, null, &model), "ov_core_read_model");
        return new OvModel(_library, model);
    }

    /// <summary>Compiles for <paramref name="device"/> with exactly three properties (see <see cref="OpenVinoLibrary"/>).</summary>
    public OvCompiledModel Compile(OvModel model, string device, (string Key, string Value)[] properties)
    {
        if (properties.Length != 3)
            throw new ArgumentException("the binding passes exactly three properties", nameof(properties));
        nint compiled;
        fixed (byte* name = Utf8(device))
        fixed (byte* k1 = Utf8(properties[0].Key), v1 = Utf8(properties[0].Value))
        fixed (byte* k2 = Utf8(properties[1].Key), v2 = Utf8(properties[1].Value))
        fixed (byte* k3 = Utf8(properties[2].Key), v3 = Utf8(properties[2].Value))
            _library.Check(_library.CoreCompileModel(_handle, model.Handle, name, 6, &compiled, k1, v1, k2, v2, k3, v3), "ov_core_compile_model");
        return new OvCompiledModel(_library, compiled);
    }

    /// <summary>A string as the C API takes it: UTF-8 with a terminating zero.</summary>
    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text + "\0");

    public void Dispose()
    {
        if (_handle != 0)
            _library.CoreFree(_handle);
        _handle = 0;
    }
}
