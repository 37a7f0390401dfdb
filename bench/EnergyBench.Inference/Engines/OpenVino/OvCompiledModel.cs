namespace EnergyBench.Inference.Engines.OpenVino;

/// <summary>An <c>ov_compiled_model_t</c>: a model compiled for one device, the factory of infer requests.</summary>
public sealed unsafe class OvCompiledModel : IDisposable
{
    private readonly OpenVinoLibrary _library;
    private nint _handle;

    internal OvCompiledModel(OpenVinoLibrary library, nint handle)
    {
        _library = library;
        _handle = handle;
    }

    public OvInferRequest CreateInferRequest()
    {
        nint request;
        _library.Check(_library.CreateInferRequest(_handle, &request), "ov_compiled_model_create_infer_request");
        return new OvInferRequest(_library, request);
    }

    public void Dispose()
    {
        if (_handle != 0)
            _library.CompiledModelFree(_handle);
        _handle = 0;
    }
}
