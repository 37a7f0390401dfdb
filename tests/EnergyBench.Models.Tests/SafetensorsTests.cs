using System.Buffers.Binary;
using System.Text;
using EnergyBench.Models.Safetensors;

namespace EnergyBench.Models.Tests;

public class SafetensorsTests
{
    private static readonly TensorSpec[] Specs = [new("a", [2, 3]), new("b", [5]), new("c", [1, 1, 4])];

    private static void Fill(TensorSpec spec, Span<float> data)
    {
        for (int i = 0; i < data.Length; i++)
            data[i] = spec.Name[0] * 100 + i + 0.25f;
    }

    [Fact]
    public void Round_trip_keeps_names_shapes_and_values()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        SafetensorsWriter.Write(path, Specs, Fill, new Dictionary<string, string> { ["format"] = "pt" });

        using var file = new SafetensorsFile(path);
        Assert.Equal("pt", file.Metadata["format"]);
        foreach (var spec in Specs)
        {
            Assert.Equal(spec.Shape, file.Entries[spec.Name].Shape);
            var expected = new float[spec.ElementCount];
            Fill(spec, expected);
            Assert.Equal(expected, file.ReadFloat32(spec.Name));
        }
    }

    [Fact]
    public void Header_is_padded_to_eight_bytes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        SafetensorsWriter.Write(path, Specs, Fill);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path).AsSpan(0, 8));
        Assert.Equal(0UL, headerLength % 8);
    }

    [Fact]
    public void Half_and_bfloat16_tensors_read_as_float32()
    {
        using var dir = new TempDirectory();
        string path = dir.File("h.safetensors");
        float[] values = [1.5f, -2.25f, 0.0f, 1024f];
        var f16 = values.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray();
        var bf16 = values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(v) >> 16))).ToArray();
        string header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[8,16]}}";
        WriteRaw(path, header, [.. f16, .. bf16]);

        using var file = new SafetensorsFile(path);
        Assert.Equal(values, file.ReadFloat32("h"));
        Assert.Equal(values, file.ReadFloat32("b"));
    }

    [Fact]
    public void Truncated_file_is_rejected_with_its_name()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.safetensors");
        SafetensorsWriter.Write(path, Specs, Fill);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);

        var error = Assert.Throws<ModelFormatException>(() => new SafetensorsFile(path));
        Assert.Contains("t.safetensors", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Corrupt_header_is_rejected()
    {
        using var dir = new TempDirectory();
        string path = dir.File("c.safetensors");
        WriteRaw(path, "{not json", []);
        Assert.Contains("not valid JSON", Assert.Throws<ModelFormatException>(() => new SafetensorsFile(path)).Message);

        File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2]);
        Assert.Contains("header length", Assert.Throws<ModelFormatException>(() => new SafetensorsFile(path)).Message);
    }

    [Fact]
    public void Offsets_that_disagree_with_the_shape_are_rejected()
    {
        using var dir = new TempDirectory();
        string path = dir.File("o.safetensors");
        WriteRaw(path, "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
        Assert.Contains("do not match", Assert.Throws<ModelFormatException>(() => new SafetensorsFile(path)).Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var error = Assert.Throws<ModelFormatException>(() => new SafetensorsFile("/nonexistent/model.safetensors"));
        Assert.Equal("/nonexistent/model.safetensors: file not found", error.Message);
    }

    internal static void WriteRaw(string path, string header, byte[] data)
    {
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)headerBytes.Length);
        File.WriteAllBytes(path, [.. prefix, .. headerBytes, .. data]);
    }
}
