using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Tests;

/// <summary>Checkpoints split into shards behind model.safetensors.index.json, as large repositories publish them.</summary>
public class CheckpointShardingTests
{
    [Theory]
    [MemberData(nameof(HfCheckpoint.Presets), MemberType = typeof(HfCheckpoint))]
    public void Three_shards_read_as_the_single_file(string preset)
    {
        var hf = new HfCheckpoint(preset);
        using var single = new TempDirectory();
        using var sharded = new TempDirectory();
        hf.WriteSingle(single.Path);
        hf.WriteSharded(sharded.Path, shards: 3);
        Assert.Equal(3, Directory.GetFiles(sharded.Path, "model-*-of-00003.safetensors").Length);

        using var checkpoint = new Checkpoint(sharded.Path, hf.Config);
        Assert.Equal(sharded.File(Checkpoint.IndexFile), checkpoint.Source);
        HfCheckpoint.AssertSame(hf.ReadAll(single.Path), HfCheckpoint.ReadAll(checkpoint));
    }

    [Fact]
    public void A_shard_the_index_names_that_is_missing_is_named()
    {
        var hf = new HfCheckpoint("llama-test");
        using var dir = new TempDirectory();
        hf.WriteSharded(dir.Path, shards: 2);
        File.Delete(dir.File("model-00002-of-00002.safetensors"));
        var error = Assert.Throws<ModelFormatException>(() => new Checkpoint(dir.Path, hf.Config));
        Assert.Equal($"{dir.File("model-00002-of-00002.safetensors")}: file not found", error.Message);
    }
}
