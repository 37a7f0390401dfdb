using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using EnergyBench.Models.Safetensors;

namespace EnergyBench.Models.Safetensors;

/// <summary>
/// Writes float32 tensors in the safetensors format: u64 little-endian header length, a JSON header
/// <c>{name: {dtype, shape, data_offsets}}</c> padded with spaces to 8 bytes, then the raw little-endian data.
/// Tensors are produced one at a time by <paramref name="fill"/>, so a multi-GB file never sits in memory.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyList<TensorSpec> specs, Action<TensorSpec, Span<float>> fill,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        byte[] header = BuildHeader(specs, metadata);
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
                if (!BitConverter.IsLittleEndian)
                    throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine");
                stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static byte[] BuildHeader(IReadOnlyList<TensorSpec> specs, IReadOnlyDictionary<string, string>? metadata)
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
            long bytes = spec.ElementCount * sizeof(float);
            json[spec.Name] = new JsonObject
            {
                ["dtype"] = "F32",
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
