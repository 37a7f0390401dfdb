using System.Buffers.Binary;
using System.Text;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>The reference's own parts, against values known without it.</summary>
public class ReferenceOracleTests
{
    [Fact]
    public void Safetensors_are_widened_from_f32_f16_and_bf16_and_lose_the_base_prefix()
    {
        using var dir = new TempDirectory();
        float tenth = 0.1f;
        var data = new byte[16];
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(0), tenth);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), -3f);
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(8), (Half)0.1);
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(10), (Half)(-2.5));
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(12), (ushort)(BitConverter.SingleToInt32Bits(tenth) >>> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(14), (ushort)(BitConverter.SingleToInt32Bits(1.5f) >>> 16));
        WriteSafetensors(dir.File("model.safetensors"), data,
            "{'__metadata__':{'format':'pt'},'transformer.wte.weight':{'dtype':'F32','shape':[1,2],'data_offsets':[0,8]}," +
            "'lm_head.weight':{'dtype':'F16','shape':[2],'data_offsets':[8,12]},'h.0.ln_1.weight':{'dtype':'BF16','shape':[2],'data_offsets':[12,16]}}");

        var tensors = new ReferenceTensors(dir.Path, "transformer.");

        Assert.Equal([(double)tenth, -3], tensors["wte.weight"].Data);
        Assert.Equal([1L, 2L], tensors["wte.weight"].Shape);
        Assert.Equal([(double)(Half)0.1, -2.5], tensors["lm_head.weight"].Data);
        Assert.Equal([(double)BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(tenth) & ~0xFFFF), 1.5], tensors["h.0.ln_1.weight"].Data);
        Assert.False(tensors.Contains("transformer.wte.weight"));
    }

    [Fact]
    public void Alibi_slopes_are_bloom_s_for_a_power_of_two_and_for_six_heads()
    {
        // 16 heads: 2^(-k/2). 6 heads: the 4-head slopes 2^(-2k), then 2^(-8/8)^k for k = 1, 3.
        Assert.Equal(Enumerable.Range(1, 16).Select(k => Math.Pow(2, -k / 2.0)), BloomReference.AlibiSlopes(16), Close);
        Assert.Equal([0.25, 0.0625, 0.015625, 0.00390625, 0.5, 0.125], BloomReference.AlibiSlopes(6), Close);
    }

    [Theory]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(-2.0, -0.9953222650189527)]
    [InlineData(3.5, 0.9999992569016276)]
    [InlineData(7.0, 1.0)]
    public void Erf_matches_tabulated_values(double x, double expected) =>
        Assert.Equal(expected, ReferenceMath.Erf(x), 1e-15);

    [Fact]
    public void Rotary_turns_rotate_half_pairs_by_position_times_frequency()
    {
        // One head of 6 dims, 4 rotated: pairs (0, 2) at frequency 1 and (1, 3) at 100^(-2/4) = 0.1.
        double[] x = [1, 1, 0, 0, 5, 6];
        new Rotary(4, 100, 4, AdjacentPairs: false).Apply(x, heads: 1, headDim: 6, position: 2);
        Assert.Equal([Math.Cos(2), Math.Cos(0.2), Math.Sin(2), Math.Sin(0.2), 5, 6], x, Close);
    }

    private static readonly IEqualityComparer<double> Close = EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-15, _ => 0);

    /// <summary>Writes a safetensors file; <paramref name="header"/> is JSON with ' for ".</summary>
    private static void WriteSafetensors(string path, byte[] data, string header)
    {
        byte[] json = Encoding.UTF8.GetBytes(header.Replace('\'', '"'));
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, json.Length);
        file.Write(length);
        file.Write(json);
        file.Write(data);
    }
}
