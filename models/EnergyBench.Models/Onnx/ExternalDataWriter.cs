namespace EnergyBench.Models.Onnx;

/// <summary>
/// Appends initializer bytes to an ONNX external data file (e.g. <c>model.onnx_data</c> beside the model), each at a
/// page-aligned offset so runtimes can memory-map them.
/// </summary>
public sealed class ExternalDataWriter(string path) : IDisposable
{
    public const int MinimumBytes = 1024;
    private const int Alignment = 4096;
    private readonly FileStream _stream = new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);

    public string Location { get; } = Path.GetFileName(path);

    public (string Location, long Offset) Append(ReadOnlySpan<byte> bytes)
    {
        long padding = (Alignment - _stream.Position % Alignment) % Alignment;
        if (padding > 0)
            _stream.Write(new byte[padding]);
        long offset = _stream.Position;
        _stream.Write(bytes);
        return (Location, offset);
    }

    public void Dispose() => _stream.Dispose();
}
