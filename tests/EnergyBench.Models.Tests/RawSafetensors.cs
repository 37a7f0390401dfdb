using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace EnergyBench.Models.Tests;

/// <summary>One tensor as stored: any safetensors dtype, raw little-endian bytes.</summary>
internal sealed record RawTensor(string Name, string DType, long[] Shape, byte[] Data)
{
    public static RawTensor Float32(string name, long[] shape, float[] values) =>
        new(name, "F32", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}

/// <summary>
/// Writes a safetensors file of tensors in mixed dtypes, as real checkpoints hold them (a BOOL causal-mask buffer
/// beside float weights), which the suite's own writer does not produce.
/// </summary>
internal static class RawSafetensors
{
    public static void Write(string path, IEnumerable<RawTensor> tensors)
    {
        var header = new JsonObject();
        var data = new MemoryStream();
        foreach (var tensor in tensors)
        {
            header[tensor.Name] = new JsonObject
            {
                ["dtype"] = tensor.DType,
                ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(data.Length, data.Length + tensor.Data.Length),
            };
            data.Write(tensor.Data);
        }
        byte[] headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
        File.WriteAllBytes(path, [.. length, .. headerBytes, .. data.ToArray()]);
    }
}
