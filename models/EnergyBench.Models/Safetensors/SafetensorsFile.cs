using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using System.Text;
using System.Text.Json;

namespace EnergyBench.Models.Safetensors;

/// <summary>The header entry of one tensor in a safetensors file.</summary>
public sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// A safetensors file. The header is checked when the file is opened (sizes, offsets, dtypes), so a truncated or
/// corrupt file fails at once with a message that names it. F32, F16 and BF16 tensors read as float32, with positioned
/// reads straight into the caller's memory: a memory-mapped file's pages would count in the process's RSS until it is
/// closed, on top of the weights they are copied into.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private const long MaxHeaderBytes = 100L << 20;

    /// <summary>Elements converted per read for F16 and BF16.</summary>
    private const int ConvertChunk = 1 << 16;

    private readonly SafeFileHandle _handle;
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

        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
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
        long offset = _dataStart + entry.Begin;
        switch (entry.DType)
        {
            case "F32":
                ReadExactly(MemoryMarshal.AsBytes(destination), offset);
                break;
            case "F16":
            case "BF16":
                bool half = entry.DType == "F16";
                var raw = new ushort[Math.Min(ConvertChunk, destination.Length)];
                for (int done = 0; done < destination.Length; done += raw.Length)
                {
                    var chunk = raw.AsSpan(0, Math.Min(raw.Length, destination.Length - done));
                    ReadExactly(MemoryMarshal.AsBytes(chunk), offset + 2L * done);
                    var target = destination.Slice(done, chunk.Length);
                    for (int i = 0; i < chunk.Length; i++)
                        target[i] = half ? (float)BitConverter.UInt16BitsToHalf(chunk[i]) : BitConverter.Int32BitsToSingle(chunk[i] << 16);
                }
                break;
            default:
                throw new ModelFormatException(Path, $"tensor '{name}' has dtype {entry.DType}; only F32, F16 and BF16 are supported");
        }
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; a read may return less than asked.</summary>
    private void ReadExactly(Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            int read = RandomAccess.Read(_handle, buffer, offset);
            if (read == 0)
                throw new ModelFormatException(Path, $"truncated: the file ends at byte {offset}, inside a tensor its header declares");
            buffer = buffer[read..];
            offset += read;
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
        _handle.Dispose();
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
