using EnergyBench.Models.Safetensors;

namespace EnergyBench.Models.Tests;

/// <summary>The writer's F16 and BF16 storage: two bytes a value, rounded to nearest even, read back by the reader.</summary>
public class SafetensorsPrecisionTests
{
    private static readonly TensorSpec Values = new("v", [8]);

    private static float[] WriteAndRead(TempDirectory dir, string dtype, float[] values)
    {
        string path = dir.File($"{dtype}.safetensors");
        SafetensorsWriter.Write(path, [Values], (_, data) => values.CopyTo(data), dtype: dtype);
        using var file = new SafetensorsFile(path);
        var entry = file.Entries["v"];
        Assert.Equal(dtype, entry.DType);
        Assert.Equal(2 * values.Length, entry.End - entry.Begin);
        return file.ReadFloat32("v");
    }

    [Fact]
    public void F16_stores_the_nearest_half()
    {
        using var dir = new TempDirectory();
        float[] values = [0.1f, -2.5f, 1e-3f, 65504f, 1f + 1f / 4096, 3.14159f, -0f, 1e-8f];
        Assert.Equal(values.Select(v => (float)(Half)v).ToArray(), WriteAndRead(dir, "F16", values));
    }

    [Fact]
    public void BF16_keeps_the_upper_16_bits_rounded_to_nearest_even()
    {
        using var dir = new TempDirectory();
        float[] values =
        [
            1.00390625f,             // halfway between 1 and 1.0078125: to the even 1
            1.01171875f,             // halfway between 1.0078125 and 1.015625: to the even 1.015625
            -1.01171875f,
            BitConverter.UInt32BitsToSingle(0x3F808001), // just above that halfway: up
            BitConverter.UInt32BitsToSingle(0x3DCC7FFF), // just below a halfway: down
            3.0e38f,                 // 0x7F61B1E6: up to 0x7F62
            float.NaN,
            -0f,
        ];
        float[] expected =
        [
            1f, 1.015625f, -1.015625f, 1.0078125f, BitConverter.UInt32BitsToSingle(0x3DCC0000), BitConverter.UInt32BitsToSingle(0x7F620000),
            float.NaN, -0f,
        ];
        Assert.Equal(expected, WriteAndRead(dir, "BF16", values));
    }

    [Fact]
    public void Other_dtypes_are_refused_by_name()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(dir.File("x"), [Values], (_, _) => { }, dtype: "I8"));
        Assert.StartsWith("dtype 'I8' cannot be written (F32, F16 or BF16)", error.Message);
    }
}
