using EnergyBench.Models.Architectures;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Tests;

/// <summary>A tensor of the wrong shape or of a dtype the suite cannot read: named with its file, so the checkpoint can be fixed.</summary>
public class CheckpointValidationTests
{
    [Theory]
    [MemberData(nameof(HfCheckpoint.Presets), MemberType = typeof(HfCheckpoint))]
    public void A_misshapen_tensor_names_the_file_the_tensor_its_shape_and_the_expected_shape(string preset)
    {
        var hf = new HfCheckpoint(preset);
        var target = FirstQkvTensor(hf, layer: 1);
        long[] wrong = [target.Shape[0] + 1, .. target.Shape[1..]];
        using var dir = new TempDirectory();
        hf.Write(dir.File(Checkpoint.SingleFile), hf.Tensors.Select(t => t.Name == target.Name ? t with { Shape = wrong } : t));

        var error = Assert.Throws<ModelFormatException>(() => new Checkpoint(dir.Path, hf.Config));
        Assert.Equal(dir.File(Checkpoint.SingleFile), error.FilePath);
        Assert.Equal($"tensor '{target.Name}' has shape [{string.Join(", ", wrong)}], config.json needs {target.ShapeText}", error.Problem);
    }

    [Theory]
    [MemberData(nameof(HfCheckpoint.Presets), MemberType = typeof(HfCheckpoint))]
    public void An_unsupported_dtype_is_named(string preset)
    {
        var hf = new HfCheckpoint(preset);
        var target = FirstQkvTensor(hf, layer: 0);
        using var dir = new TempDirectory();
        RawSafetensors.Write(dir.File(Checkpoint.SingleFile), hf.RawTensors.Select(t =>
            t.Name == target.Name ? t with { DType = "I8", Data = new byte[target.ElementCount] } : t));

        var error = Assert.Throws<ModelFormatException>(() => new Checkpoint(dir.Path, hf.Config));
        Assert.Equal(dir.File(Checkpoint.SingleFile), error.FilePath);
        Assert.Equal($"tensor '{target.Name}' has dtype I8; only F32, F16 and BF16 are supported", error.Problem);
    }

    /// <summary>The stored tensor the layer's fused q|k|v weight is made from first (c_attn, query_key_value or q_proj).</summary>
    private static TensorSpec FirstQkvTensor(HfCheckpoint hf, int layer) =>
        Architecture.For(hf.Config.ModelType, "config.json").Sources(hf.Config)[CanonicalWeights.Layer(layer, CanonicalWeights.Part.Qkv)].Stored[0];
}
