using System.Text.Json.Nodes;
using EnergyBench.Models.Architectures;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Synthetic;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Tests;

/// <summary>
/// A preset's synthetic weights written as Hugging Face repositories store them: every tensor under its full name
/// (with the base model's prefix) or renamed, in one file or in shards behind <c>model.safetensors.index.json</c>, in
/// F32, F16 or BF16.
/// </summary>
internal sealed class HfCheckpoint
{
    private readonly SyntheticWeights _weights;

    public HfCheckpoint(string preset) : this(ModelPreset.Get(preset).Config)
    {
    }

    public HfCheckpoint(ArchitectureConfig config)
    {
        Config = config;
        _weights = new SyntheticWeights(config, seed: 1);
        Prefix = Architecture.For(config.ModelType, "config.json").BasePrefix;
    }

    /// <summary>The <c>&lt;model_type&gt;-test</c> preset of every supported architecture.</summary>
    public static IEnumerable<string> PresetNames => ModelPreset.ArchitectureTests.Select(p => p.Name);

    public static TheoryData<string> Presets => new(PresetNames);

    public ArchitectureConfig Config { get; }

    /// <summary>The base model's prefix: <c>transformer.</c>, <c>gpt_neox.</c> or <c>model.</c>.</summary>
    public string Prefix { get; }

    /// <summary>The tensors a checkpoint of the config holds, by full name, in checkpoint order.</summary>
    public IReadOnlyList<TensorSpec> Tensors => _weights.Tensors;

    public TensorSpec Tensor(string name) => Tensors.Single(t => t.Name == name);

    /// <summary>The synthetic values of a tensor (full name).</summary>
    public float[] Values(TensorSpec tensor)
    {
        var data = new float[tensor.ElementCount];
        _weights.Fill(tensor, data);
        return data;
    }

    /// <summary>Every tensor as stored in F32, for files that mix in tensors of other dtypes.</summary>
    public IEnumerable<RawTensor> RawTensors => Tensors.Select(t => RawTensor.Float32(t.Name, t.Shape, Values(t)));

    /// <summary>The name in a checkpoint saved from the base model class, or in BLOOM's original release: the prefix dropped
    /// (lm_head and embed_out have none).</summary>
    public string WithoutPrefix(string name) => name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : name;

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/>, each stored under <paramref name="rename"/>(its name),
    /// with its values passed through <paramref name="change"/> first.</summary>
    public void Write(string path, IEnumerable<TensorSpec> tensors, string dtype = "F32", Func<string, string>? rename = null,
        Func<float, float>? change = null)
    {
        var byStoredName = tensors.ToDictionary(t => rename?.Invoke(t.Name) ?? t.Name);
        SafetensorsWriter.Write(path, byStoredName.Select(p => p.Value with { Name = p.Key }).ToList(), (stored, data) =>
        {
            _weights.Fill(byStoredName[stored.Name], data);
            if (change is not null)
                for (int i = 0; i < data.Length; i++)
                    data[i] = change(data[i]);
        }, dtype: dtype);
    }

    /// <summary>The whole checkpoint as one <c>model.safetensors</c> in <paramref name="directory"/>.</summary>
    public void WriteSingle(string directory, string dtype = "F32", Func<string, string>? rename = null, Func<float, float>? change = null) =>
        Write(Path.Combine(directory, Checkpoint.SingleFile), Tensors, dtype, rename, change);

    /// <summary>The whole checkpoint split in order into <paramref name="shards"/> files, with the index that maps every tensor.</summary>
    public void WriteSharded(string directory, int shards)
    {
        var weightMap = new JsonObject();
        int perShard = (Tensors.Count + shards - 1) / shards;
        for (int shard = 0; shard < shards; shard++)
        {
            string file = $"model-{shard + 1:D5}-of-{shards:D5}.safetensors";
            var part = Tensors.Skip(shard * perShard).Take(perShard).ToList();
            Write(Path.Combine(directory, file), part);
            foreach (var tensor in part)
                weightMap[tensor.Name] = file;
        }
        var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = Tensors.Sum(t => t.ElementCount * 4) }, ["weight_map"] = weightMap };
        File.WriteAllText(Path.Combine(directory, Checkpoint.IndexFile), index.ToJsonString());
    }

    /// <summary>Every canonical weight of an open checkpoint, by name.</summary>
    public static Dictionary<string, float[]> ReadAll(Checkpoint checkpoint) =>
        checkpoint.Weights.ToDictionary(w => w.Name, w => checkpoint.Read(w.Name));

    /// <summary>Opens the checkpoint in <paramref name="directory"/> and reads every canonical weight.</summary>
    public Dictionary<string, float[]> ReadAll(string directory)
    {
        using var checkpoint = new Checkpoint(directory, Config);
        return ReadAll(checkpoint);
    }

    /// <summary>Both hold the same canonical weights with bit-identical values; a failure names the first difference.</summary>
    public static void AssertSame(Dictionary<string, float[]> expected, Dictionary<string, float[]> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, values) in expected)
        {
            var other = actual[name];
            Assert.Equal(values.Length, other.Length);
            int first = values.AsSpan().CommonPrefixLength(other);
            Assert.True(first == values.Length, first == values.Length ? "" : $"'{name}'[{first}]: expected {values[first]:R}, read {other[first]:R}");
        }
    }
}
