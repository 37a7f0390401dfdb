namespace EnergyBench.Inference.Engines.OpenVino;

/// <summary>An <c>ov_infer_request_t</c>: tensors bound by name, a synchronous infer, outputs read by name.</summary>
public sealed unsafe class OvInferRequest : IDisposable
{
    private readonly OpenVinoLibrary _library;
    private nint _handle;

    internal OvInferRequest(OpenVinoLibrary library, nint handle)
    {
        _library = library;
        _handle = handle;
    }

    /// <summary>Binds <paramref name="tensor"/> to an input; the request keeps its own reference to the tensor.</summary>
    public void SetTensor(string name, OvTensor tensor)
    {
        fixed (byte* utf8 = OvCore.Utf8(name))
            _library.Check(_library.SetTensor(_handle, utf8, tensor.Handle), $"ov_infer_request_set_tensor({name})");
    }

    public void Infer() => _library.Check(_library.Infer(_handle), "ov_infer_request_infer");

    /// <summary>An output of the last infer; its data stays valid until the next infer.</summary>
    public OvTensor GetTensor(string name)
    {
        nint tensor;
        fixed (byte* utf8 = OvCore.Utf8(name))
            _library.Check(_library.GetTensor(_handle, utf8, &tensor), $"ov_infer_request_get_tensor({name})");
        return new OvTensor(_library, tensor);
    }

    public void Dispose()
    {
        if (_handle != 0)
            _library.InferRequestFree(_handle);
        _handle = 0;
    }
}
