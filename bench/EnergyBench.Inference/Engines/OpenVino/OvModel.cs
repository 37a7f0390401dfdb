using System.Runtime.InteropServices;

namespace EnergyBench.Inference.Engines.OpenVino;

/// <summary>An <c>ov_model_t</c> as read from a file, with the names of its inputs and outputs.</summary>
public sealed unsafe class OvModel : IDisposable
{
    private readonly OpenVinoLibrary _library;

    internal OvModel(OpenVinoLibrary library, nint handle)
    {
        _library = library;
        Handle = handle;
        InputNames = Names(library.ModelInputsSize, library.ModelInputByIndex, "input");
        OutputNames = Names(library.ModelOutputsSize, library.ModelOutputByIndex, "output");
    }

    internal nint Handle { get; private set; }
    public IReadOnlyList<string> InputNames { get; }
    public IReadOnlyList<string> OutputNames { get; }

    private string[] Names(delegate* unmanaged<nint, nuint*, int> size, delegate* unmanaged<nint, nuint, nint*, int> byIndex, string kind)
    {
        nuint count;
        _library.Check(size(Handle, &count), $"ov_model_{kind}s_size");
        var names = new string[(int)count];
        for (int i = 0; i < names.Length; i++)
        {
            nint port;
            _library.Check(byIndex(Handle, (nuint)i, &port), $"ov_model_const_{kind}_by_index");
            try
            {
                byte* name;
                _library.Check(_library.PortGetAnyName(port, &name), "ov_port_get_any_name");
                names[i] = Marshal.PtrToStringUTF8((nint)name) ?? "";
                _library.Free(name);
            }
            finally
            {
                _library.PortFree(port);
            }
        }
        return names;
    }

    public void Dispose()
    {
        if (Handle != 0)
            _library.ModelFree(Handle);
        Handle = 0;
    }
}
