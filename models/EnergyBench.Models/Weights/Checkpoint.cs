using System.Text.Json;
using EnergyBench.Models.Architectures;
using EnergyBench.Models.Safetensors;

namespace EnergyBench.Models.Weights;

/// <summary>
/// The weights of a Hugging Face model directory, read as canonical weights (<see cref="CanonicalWeights"/>):
/// <c>model.safetensors</c> or the shards of <c>model.safetensors.index.json</c>, in F32, F16 or BF16, with or without
/// the base model's prefix. Every tensor the config needs is checked for presence and shape on open; tensors it does
/// not need (buffers such as <c>attn.bias</c>, <c>masked_bias</c>, <c>rotary_emb.inv_freq</c>, a tied
/// <c>lm_head.weight</c>) are ignored.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    private readonly List<SafetensorsFile> _files = [];
    private readonly Dictionary<string, (SafetensorsFile File, string StoredName)> _stored = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, WeightSource> _sources;
    private readonly string _prefix;
    private Reader? _reader;

    public Checkpoint(string modelDirectory, ArchitectureConfig config)
    {
        Config = config;
        Weights = CanonicalWeights.For(config);
        var architecture = Architecture.For(config.ModelType, Path.Combine(modelDirectory, "config.json"));
        _prefix = architecture.BasePrefix;
        _sources = architecture.Sources(config);
        try
        {
            Source = ShardPaths(modelDirectory, out var files);
            foreach (string file in files)
            {
                var shard = new SafetensorsFile(file);
                _files.Add(shard);
                foreach (string stored in shard.Entries.Keys)
                    _stored.TryAdd(WithoutPrefix(stored), (shard, stored));
            }
            Validate();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public ArchitectureConfig Config { get; }

    /// <summary>The weights file, or the shard index, for messages.</summary>
    public string Source { get; }

    public IReadOnlyList<TensorSpec> Weights { get; }

    /// <summary>A canonical weight as float32 in its canonical layout.</summary>
    public float[] Read(string canonicalName)
    {
        var spec = Weights.FirstOrDefault(w => w.Name == canonicalName)
            ?? throw new ArgumentException($"'{canonicalName}' is not a weight of this {Config.ModelType} model");
        var data = new float[spec.ElementCount];
        Read(canonicalName, data);
        return data;
    }

    public void Read(string canonicalName, Span<float> destination)
    {
        if (!_sources.TryGetValue(canonicalName, out var source))
            throw new ArgumentException($"'{canonicalName}' is not a weight of this {Config.ModelType} model");
        source.Read(_reader ??= new Reader(this), destination);
    }

    public void Dispose()
    {
        foreach (var file in _files)
            file.Dispose();
        _files.Clear();
    }

    /// <summary>Reads stored tensors from their shard; kept for the checkpoint's life, so its buffer is reused.</summary>
    private sealed class Reader(Checkpoint checkpoint) : StoredTensorReader
    {
        public override void Into(TensorSpec tensor, Span<float> destination)
        {
            var (file, stored) = checkpoint._stored[checkpoint.WithoutPrefix(tensor.Name)];
            file.ReadFloat32(stored, destination);
        }
    }

    private string WithoutPrefix(string name) => name.StartsWith(_prefix, StringComparison.Ordinal) ? name[_prefix.Length..] : name;

    private void Validate()
    {
        foreach (var (canonical, source) in _sources)
            foreach (var spec in source.Stored)
                Validate(spec, canonical == CanonicalWeights.Head);
    }

    private void Validate(TensorSpec spec, bool isUntiedHead)
    {
        if (!_stored.TryGetValue(WithoutPrefix(spec.Name), out var found))
            throw new ModelFormatException(Source, $"tensor '{spec.Name}' {spec.ShapeText} is missing" +
                (isUntiedHead ? " (config.json does not tie the output head to the embedding)" : ""));
        var entry = found.File.Entries[found.StoredName];
        if (!entry.Shape.SequenceEqual(spec.Shape))
            throw new ModelFormatException(found.File.Path,
                $"tensor '{found.StoredName}' has shape [{string.Join(", ", entry.Shape)}], config.json needs {spec.ShapeText}");
        if (entry.DType is not ("F32" or "F16" or "BF16"))
            throw new ModelFormatException(found.File.Path, $"tensor '{found.StoredName}' has dtype {entry.DType}; only F32, F16 and BF16 are supported");
    }

    private static string ShardPaths(string directory, out IReadOnlyList<string> files)
    {
        string single = Path.Combine(directory, SingleFile);
        if (File.Exists(single))
        {
            files = [single];
            return single;
        }
        string index = Path.Combine(directory, IndexFile);
        if (!File.Exists(index))
        {
            string pickle = Path.Combine(directory, "pytorch_model.bin");
            if (File.Exists(pickle) || File.Exists(Path.Combine(directory, "pytorch_model.bin.index.json")))
                throw new ModelFormatException(pickle,
                    "weights format not supported: the suite reads safetensors (model.safetensors), not PyTorch pickles; convert with: " +
                    $"python -c \"from transformers import AutoModelForCausalLM as M; M.from_pretrained('{directory}').save_pretrained('{directory}', safe_serialization=True)\"");
            throw new ModelFormatException(single, "file not found");
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(index));
            files = document.RootElement.GetProperty("weight_map").EnumerateObject()
                .Select(p => p.Value.GetString() ?? "")
                .Distinct()
                .Select(f => Path.Combine(directory, f))
                .ToList();
            return index;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ModelFormatException(index, $"corrupt: expected a JSON object with a 'weight_map' ({e.Message})", e);
        }
    }
}
