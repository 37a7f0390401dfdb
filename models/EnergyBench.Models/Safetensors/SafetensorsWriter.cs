using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using EnergyBench.Models.Safetensors;

namespace EnergyBench.Models.Safetensors;

/// <summary>
/// Writes tensors in the safetensors format: u64 little-endian header length, a JSON header
/// <c>{name: {dtype, shape, data_offsets}}</c> padded with spaces to 8 bytes, then the raw little-endian data.
/// Tensors are produced one at a time by <c>fill</c> as float32, so a multi-GB file never sits in memory, and stored
/// as F32, or rounded to nearest even as F16 or BF16 (how reduced-precision checkpoints are published).
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyList<TensorSpec> specs, Action<TensorSpec, Span<float>> fill,
        IReadOnlyDictionary<string, string>? metadata = null, string dtype = "F32")
    {
        int elementSize = dtype switch
        {
            "F32" => sizeof(float),
            "F16" or "BF16" => sizeof(ushort),
            _ => throw new ArgumentException($"dtype '{dtype}' cannot be written (F32, F16 or BF16)", nameof(dtype)),
        };
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine");
        byte[] header = BuildHeader(specs, metadata, dtype, elementSize);
        string temporary = path + ".partial";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var spec in specs)
            {
                var data = new float[spec.ElementCount];
                fill(spec, data);
                stream.Write(dtype switch
                {
                    "F16" => MemoryMarshal.AsBytes(data.Select(v => (Half)v).ToArray().AsSpan()),
                    "BF16" => MemoryMarshal.AsBytes(data.Select(ToBFloat16).ToArray().AsSpan()),
                    _ => MemoryMarshal.AsBytes(data.AsSpan()),
                });
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The upper 16 bits of the float32, rounded to nearest even on the dropped bits; NaN stays NaN.</summary>
    private static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
            return (ushort)((bits >> 16) | 0x40);
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }

    private static byte[] BuildHeader(IReadOnlyList<TensorSpec> specs, IReadOnlyDictionary<string, string>? metadata,
        string dtype, int elementSize)
    {
        var json = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata)
                meta[key] = value;
            json["__metadata__"] = meta;
        }
        long offset = 0;
        foreach (var spec in specs)
        {
            long bytes = spec.ElementCount * elementSize;
            json[spec.Name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(spec.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var text = new StringBuilder(json.ToJsonString());
        while (Encoding.UTF8.GetByteCount(text.ToString()) % 8 != 0)
            text.Append(' ');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
