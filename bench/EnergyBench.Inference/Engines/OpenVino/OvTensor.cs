namespace EnergyBench.Inference.Engines.OpenVino;

/// <summary>The element types the engine uses; their <c>ov_element_type_e</c> values are stable across versions.</summary>
public enum OvElementType { Boolean = 2, F32 = 5, I64 = 11 }

/// <summary>An <c>ov_tensor_t</c>: either a view of memory we own (inputs) or an output the infer request owns.</summary>
public sealed unsafe class OvTensor : IDisposable
{
    private readonly OpenVinoLibrary _library;

    internal OvTensor(OpenVinoLibrary library, nint handle)
    {
        _library = library;
        Handle = handle;
    }

    internal nint Handle { get; private set; }

    /// <summary>Wraps <paramref name="data"/> without copying; the memory must stay put until the infer that reads it is done.</summary>
    public static OvTensor FromHost(OpenVinoLibrary library, OvElementType type, ReadOnlySpan<long> dims, void* data)
    {
        nint tensor;
        fixed (long* d = dims)
        {
            var shape = new OpenVinoLibrary.Shape { Rank = dims.Length, Dims = d };
            library.Check(library.TensorFromHostPointer((int)type, shape, data, &tensor), "ov_tensor_create_from_host_ptr");
        }
        return new OvTensor(library, tensor);
    }

    public long[] Shape
    {
        get
        {
            OpenVinoLibrary.Shape shape;
            _library.Check(_library.TensorGetShape(Handle, &shape), "ov_tensor_get_shape");
            var dims = new ReadOnlySpan<long>(shape.Dims, (int)shape.Rank).ToArray();
            _library.ShapeFree(&shape);
            return dims;
        }
    }

    /// <summary>The tensor's float32 elements, valid while the tensor (and, for outputs, the request's result) lives.</summary>
    public ReadOnlySpan<float> Floats
    {
        get
        {
            void* data;
            _library.Check(_library.TensorData(Handle, &data), "ov_tensor_data");
            long count = 1;
            foreach (long dim in Shape)
                count *= dim;
            return new ReadOnlySpan<float>(data, checked((int)count));
        }
    }

    public void Dispose()
    {
        if (Handle != 0)
            _library.TensorFree(Handle);
        Handle = 0;
    }
}
