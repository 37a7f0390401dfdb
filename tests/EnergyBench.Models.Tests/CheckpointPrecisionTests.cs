using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Tests;

/// <summary>Checkpoints stored in F16 or BF16, as the study models are published: each value reads as its rounded float.</summary>
public class CheckpointPrecisionTests
{
    public static TheoryData<string, string> PresetsAndDTypes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string preset in HfCheckpoint.PresetNames)
                foreach (string dtype in new[] { "F16", "BF16" })
                    data.Add(preset, dtype);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(PresetsAndDTypes))]
    public void Reduced_precision_weights_read_as_the_rounded_values(string preset, string dtype)
    {
        var hf = new HfCheckpoint(preset);
        using var reduced = new TempDirectory();
        using var rounded = new TempDirectory();
        using var full = new TempDirectory();
        hf.WriteSingle(reduced.Path, dtype);
        // The same values rounded here and stored as F32: the conversions (transposes, +1) then see identical inputs.
        hf.WriteSingle(rounded.Path, "F32", change: dtype == "F16" ? RoundToHalf : RoundToBFloat16);
        hf.WriteSingle(full.Path);

        var read = hf.ReadAll(reduced.Path);
        HfCheckpoint.AssertSame(hf.ReadAll(rounded.Path), read);
        Assert.NotEqual(hf.ReadAll(full.Path)[CanonicalWeights.Embedding], read[CanonicalWeights.Embedding]);
    }

    private static float RoundToHalf(float value) => (float)(Half)value;

    /// <summary>The nearer of the two bfloat16 values around <paramref name="value"/>; on a tie the one with an even last bit.</summary>
    private static float RoundToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value), truncated = bits & 0xFFFF0000;
        float toward = BitConverter.UInt32BitsToSingle(truncated), away = BitConverter.UInt32BitsToSingle(truncated + 0x10000);
        double towardDistance = Math.Abs((double)value - toward), awayDistance = Math.Abs((double)away - value);
        if (towardDistance != awayDistance)
            return towardDistance < awayDistance ? toward : away;
        return (truncated & 0x10000) == 0 ? toward : away;
    }
}
