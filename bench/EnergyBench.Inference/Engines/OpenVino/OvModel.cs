using System.Runtime.InteropServices;

namespace EnergyBench.Inference.Engines.OpenVino;

/// <summary>An <c>ov_model_t</c> as read from a file, with the names of its inputs and outputs and the inputs' shapes.</summary>
public sealed unsafe class OvModel : IDisposable
{
    private readonly OpenVinoLibrary _library;

    internal OvModel(OpenVinoLibrary library, nint handle)
    {
        _library = library;
        Handle = handle;
        var inputs = Ports(library.ModelInputsSize, library.ModelInputByIndex, "input", withShapes: true);
        InputNames = [.. inputs.Select(p => p.Name)];
        InputShapes = [.. inputs.Select(p => p.Dims)];
        OutputNames = [.. Ports(library.ModelOutputsSize, library.ModelOutputByIndex, "output", withShapes: false).Select(p => p.Name)];
    }

    internal nint Handle { get; private set; }
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Per input, its dims with -1 where they vary, or null when the rank varies too.</summary>
    public IReadOnlyList<long[]?> InputShapes { get; }

    public IReadOnlyList<string> OutputNames { get; }

    private (string Name, long[]? Dims)[] Ports(delegate* unmanaged<nint, nuint*, int> size, delegate* unmanaged<nint, nuint, nint*, int> byIndex,
        string kind, bool withShapes)
    {
        nuint count;
        _library.Check(size(Handle, &count), $"ov_model_{kind}s_size");
        var ports = new (string, long[]?)[(int)count];
        for (int i = 0; i < ports.Length; i++)
        {
            nint port;
            _library.Check(byIndex(Handle, (nuint)i, &port), $"ov_model_const_{kind}_by_index");
            try
            {
                byte* name;
                _library.Check(_library.PortGetAnyName(port, &name), "ov_port_get_any_name");
                ports[i] = (Marshal.PtrToStringUTF8((nint)name) ?? "", withShapes ? Dims(port) : null);
                _library.Free(name);
            }
            finally
            {
                _library.PortFree(port);
            }
        }
        return ports;
    }

    private long[]? Dims(nint port)
    {
        OpenVinoLibrary.PartialShape shape;
        _library.Check(_library.PortGetPartialShape(port, &shape), "ov_port_get_partial_shape");
        try
        {
            if (shape.Rank.Min != shape.Rank.Max)
                return null;
            var dims = new long[shape.Rank.Min];
            for (int i = 0; i < dims.Length; i++)
                dims[i] = shape.Dims[i].Min == shape.Dims[i].Max ? shape.Dims[i].Min : -1;
            return dims;
        }
        finally
        {
            _library.PartialShapeFree(&shape);
        }
    }

    public void Dispose()
    {
        if (Handle != 0)
            _library.ModelFree(Handle);
        Handle = 0;
    }
}
