using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EnergyBench.Models.Safetensors;

/// <summary>The header entry of one tensor in a safetensors file.</summary>
public sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// A memory-mapped safetensors file. The header is checked when the file is opened (sizes, offsets, dtypes), so a
/// truncated or corrupt file fails at once with a message that names it. F32, F16 and BF16 tensors read as float32.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    private const long MaxHeaderBytes = 100L << 20;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _dataStart;

    public SafetensorsFile(string path)
    {
        Path = path;
        if (!File.Exists(path))
            throw new ModelFormatException(path, "file not found");
        byte[] header;
        long length;
        using (var stream = File.OpenRead(path))
        {
            // The opened file's length, not FileInfo's: in a Hugging Face cache the path is a symlink to its blob.
            length = stream.Length;
            if (length < 8)
                throw new ModelFormatException(path, $"truncated: {length} bytes, too short for a safetensors header");
            Span<byte> prefix = stackalloc byte[8];
            stream.ReadExactly(prefix);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > MaxHeaderBytes || (long)headerLength > length - 8)
                throw new ModelFormatException(path, $"corrupt: header length {headerLength} does not fit in a {length}-byte file");
            header = new byte[headerLength];
            stream.ReadExactly(header);
        }
        _dataStart = 8 + header.Length;
        Entries = ParseHeader(path, header, length - _dataStart, out var metadata);
        Metadata = metadata;

        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
    }

    public string Path { get; }
    public IReadOnlyDictionary<string, SafetensorsEntry> Entries { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Copies a tensor into <paramref name="destination"/> as float32, converting F16 and BF16.</summary>
    public void ReadFloat32(string name, Span<float> destination)
    {
        if (!Entries.TryGetValue(name, out var entry))
            throw new ModelFormatException(Path, $"tensor '{name}' not found");
        if (destination.Length != entry.ElementCount)
            throw new ArgumentException($"destination holds {destination.Length} floats, tensor '{name}' has {entry.ElementCount}");
        byte* source = _base + _dataStart + entry.Begin;
        long count = entry.ElementCount;
        switch (entry.DType)
        {
            case "F32":
                new ReadOnlySpan<float>(source, checked((int)count)).CopyTo(destination);
                break;
            case "F16":
                var halves = new ReadOnlySpan<Half>(source, checked((int)count));
                for (int i = 0; i < halves.Length; i++)
                    destination[i] = (float)halves[i];
                break;
            case "BF16":
                var raw = new ReadOnlySpan<ushort>(source, checked((int)count));
                for (int i = 0; i < raw.Length; i++)
                    destination[i] = BitConverter.Int32BitsToSingle(raw[i] << 16);
                break;
            default:
                throw new ModelFormatException(Path, $"tensor '{name}' has dtype {entry.DType}; only F32, F16 and BF16 are supported");
        }
    }

    public float[] ReadFloat32(string name)
    {
        var entry = Entries.TryGetValue(name, out var e) ? e : throw new ModelFormatException(Path, $"tensor '{name}' not found");
        var data = new float[entry.ElementCount];
        ReadFloat32(name, data);
        return data;
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    private static int DTypeSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" => 1,
        _ => 0,
    };

    private static Dictionary<string, SafetensorsEntry> ParseHeader(string path, byte[] header, long dataLength,
        out IReadOnlyDictionary<string, string> metadata)
    {
        var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
        var meta = new Dictionary<string, string>();
        metadata = meta;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Encoding.UTF8.GetString(header).TrimEnd(' ', '\0'));
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"corrupt: header is not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (var m in property.Value.EnumerateObject())
                        meta[m.Name] = m.Value.ToString();
                    continue;
                }
                try
                {
                    string dtype = property.Value.GetProperty("dtype").GetString() ?? "";
                    long[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                    long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                    var entry = new SafetensorsEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
                    int size = DTypeSize(dtype);
                    if (size == 0)
                        throw new ModelFormatException(path, $"tensor '{property.Name}' has unknown dtype '{dtype}'");
                    if (entry.Begin < 0 || entry.End < entry.Begin || entry.End - entry.Begin != entry.ElementCount * size)
                        throw new ModelFormatException(path, $"corrupt: tensor '{property.Name}' offsets [{entry.Begin}, {entry.End}] do not match its {dtype} shape [{string.Join(", ", shape)}]");
                    if (entry.End > dataLength)
                        throw new ModelFormatException(path, $"truncated: tensor '{property.Name}' ends at byte {entry.End} of the data section, which holds only {dataLength} bytes");
                    entries[property.Name] = entry;
                }
                catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
                {
                    throw new ModelFormatException(path, $"corrupt: header entry '{property.Name}' lacks dtype, shape or data_offsets", e);
                }
            }
        }
        return entries;
    }
}
