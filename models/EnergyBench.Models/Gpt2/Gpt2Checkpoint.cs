using System.Text.Json;
using EnergyBench.Models.Safetensors;

namespace EnergyBench.Models.Gpt2;

/// <summary>
/// The weights of a Hugging Face GPT-2 model directory: <c>model.safetensors</c>, or the shards listed in
/// <c>model.safetensors.index.json</c>. Names are accepted with or without the <c>transformer.</c> prefix (GPT2Model
/// and GPT2LMHeadModel checkpoints), and every tensor the config needs is checked for presence and shape on open.
/// </summary>
public sealed class Gpt2Checkpoint : IDisposable
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    private readonly List<SafetensorsFile> _files = [];
    private readonly Dictionary<string, (SafetensorsFile File, string StoredName)> _tensors = new(StringComparer.Ordinal);

    public Gpt2Checkpoint(string modelDirectory, Gpt2Config config)
    {
        Config = config;
        try
        {
            foreach (string file in ShardPaths(modelDirectory))
            {
                var shard = new SafetensorsFile(file);
                _files.Add(shard);
                foreach (string stored in shard.Entries.Keys)
                    _tensors.TryAdd(Canonical(stored), (shard, stored));
            }
            Validate();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public Gpt2Config Config { get; }

    public void ReadFloat32(string canonicalName, Span<float> destination)
    {
        var (file, stored) = _tensors[canonicalName];
        file.ReadFloat32(stored, destination);
    }

    public float[] ReadFloat32(string canonicalName)
    {
        var (file, stored) = _tensors[canonicalName];
        return file.ReadFloat32(stored);
    }

    public void Dispose()
    {
        foreach (var file in _files)
            file.Dispose();
        _files.Clear();
    }

    private static string Canonical(string name) =>
        name.StartsWith(Gpt2Tensors.Prefix, StringComparison.Ordinal) ? name : Gpt2Tensors.Prefix + name;

    private void Validate()
    {
        foreach (var spec in Gpt2Tensors.For(Config))
        {
            if (!_tensors.TryGetValue(spec.Name, out var found))
                throw new ModelFormatException(_files.Count == 1 ? _files[0].Path : "model.safetensors shards",
                    $"tensor '{spec.Name}' is missing");
            var entry = found.File.Entries[found.StoredName];
            if (!entry.Shape.SequenceEqual(spec.Shape))
                throw new ModelFormatException(found.File.Path,
                    $"tensor '{found.StoredName}' has shape [{string.Join(", ", entry.Shape)}], config.json needs [{string.Join(", ", spec.Shape)}]");
        }
    }

    private static IEnumerable<string> ShardPaths(string directory)
    {
        string single = Path.Combine(directory, SingleFile);
        if (File.Exists(single))
            return [single];
        string index = Path.Combine(directory, IndexFile);
        if (!File.Exists(index))
        {
            string pickle = Path.Combine(directory, "pytorch_model.bin");
            if (File.Exists(pickle))
                throw new ModelFormatException(pickle,
                    "weights format not supported: the suite reads safetensors (model.safetensors), not PyTorch pickles; convert with: " +
                    $"python -c \"from transformers import AutoModelForCausalLM as M; M.from_pretrained('{directory}').save_pretrained('{directory}', safe_serialization=True)\"");
            throw new ModelFormatException(single, "file not found");
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(index));
            return document.RootElement.GetProperty("weight_map").EnumerateObject()
                .Select(p => p.Value.GetString() ?? "")
                .Distinct()
                .Select(f => Path.Combine(directory, f))
                .ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ModelFormatException(index, $"corrupt: expected a JSON object with a 'weight_map' ({e.Message})", e);
        }
    }
}
