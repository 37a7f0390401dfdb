using System.Text.Json;
using System.Text.Json.Nodes;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Architectures;

/// <summary>
/// One Hugging Face <c>model_type</c>: reads its <c>config.json</c> into an <see cref="ArchitectureConfig"/>, writes one
/// back as the real repositories do, and says where each canonical weight is stored (name, shape, layout).
/// </summary>
public abstract class Architecture
{
    public static IReadOnlyList<Architecture> All { get; } =
    [
        new Gpt2Architecture(), new GptBigCodeArchitecture(), new GptNeoXArchitecture(), new BloomArchitecture(),
        new LlamaArchitecture(), new GemmaArchitecture(), new PhiArchitecture(),
    ];

    public abstract string ModelType { get; }

    /// <summary>The prefix of the base model's tensors (<c>transformer.</c>, <c>model.</c>), which checkpoints saved
    /// from the base class omit.</summary>
    public abstract string BasePrefix { get; }

    public abstract ArchitectureConfig Read(ConfigJson json);

    /// <summary>The config.json keys a repository of this type has, in a fixed order so the bytes are reproducible.</summary>
    public abstract JsonObject Write(ArchitectureConfig config);

    /// <summary>Where every weight of <see cref="CanonicalWeights.For"/> comes from, by canonical name.</summary>
    public abstract IReadOnlyDictionary<string, WeightSource> Sources(ArchitectureConfig config);

    public static Architecture For(string modelType, string path) =>
        All.FirstOrDefault(a => a.ModelType == modelType)
        ?? throw new ModelFormatException(path,
            $"model_type '{modelType}' is not supported (supported: {string.Join(", ", All.Select(a => a.ModelType))})");

    /// <summary>Reads a config.json of any supported type.</summary>
    public static ArchitectureConfig Load(string path) => Load(ConfigJson.Load(path));

    /// <summary>Reads a config already parsed (e.g. one embedded in the model registry); errors name its <see cref="ConfigJson.Path"/>.</summary>
    public static ArchitectureConfig Load(ConfigJson json)
    {
        var config = For(json.ModelType, json.Path).Read(json);
        config.Validate(json.Path);
        return config;
    }

    public static void Save(ArchitectureConfig config, string path) =>
        File.WriteAllText(path, For(config.ModelType, path).Write(config).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>The Hugging Face tensors a checkpoint of this config holds, each once, in checkpoint order.</summary>
    public IReadOnlyList<TensorSpec> StoredTensors(ArchitectureConfig config) =>
        Sources(config).Values.SelectMany(s => s.Stored).DistinctBy(s => s.Name).ToList();

    /// <summary>The source of every canonical weight: <paramref name="map"/> gives each its Hugging Face source.</summary>
    protected static IReadOnlyDictionary<string, WeightSource> Map(ArchitectureConfig c, Func<string, WeightSource> map)
    {
        var sources = new Dictionary<string, WeightSource>(StringComparer.Ordinal);
        foreach (var spec in CanonicalWeights.For(c))
            sources[spec.Name] = map(spec.Name);
        return sources;
    }

    protected static WeightSource.Direct Direct(string name, params long[] shape) => new(new TensorSpec(name, shape));

    /// <summary>The layer index and part of a canonical per-layer name, or (-1, name) for a model-level weight.</summary>
    protected static (int Layer, string Part) Split(string canonical)
    {
        if (!canonical.StartsWith("layers.", StringComparison.Ordinal))
            return (-1, canonical);
        int dot = canonical.IndexOf('.', 7);
        return (int.Parse(canonical.AsSpan(7, dot - 7)), canonical[(dot + 1)..]);
    }

    protected static ModelFormatException Unmapped(string canonical) => new("", $"no source for weight '{canonical}'");

    /// <summary>Activation names as transformers' ACT2FN reads them.</summary>
    protected static Activation ParseActivation(ConfigJson json, string? name) => name switch
    {
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" or "gelu_tanh" => Activation.GeluTanh,
        "gelu" => Activation.GeluErf,
        "silu" or "swish" => Activation.Silu,
        _ => throw json.Error($"activation '{name}' is not supported (supported: gelu_new, gelu_pytorch_tanh, gelu, silu)"),
    };

    protected static string ActivationName(Activation activation) => activation switch
    {
        Activation.GeluTanh => "gelu_new",
        Activation.GeluErf => "gelu",
        _ => "silu",
    };

    /// <summary>
    /// Rejects scaled rotary positions (not implemented): a <c>rope_scaling</c> object, or transformers 5's
    /// <c>rope_parameters</c>, whose type is other than "default". rope_parameters also holds the plain rotary
    /// settings, so without a type it is the default; rope_scaling exists only to scale, so it needs one.
    /// </summary>
    protected static void RequireNoRopeScaling(ConfigJson json)
    {
        foreach (var (key, untyped) in new[] { ("rope_scaling", (string?)null), ("rope_parameters", "default") })
        {
            if (json.Json[key] is not JsonObject)
                continue;
            string? type = json.NestedString(key, "rope_type") ?? json.NestedString(key, "type") ?? untyped;
            if (type != "default")
                throw json.Error($"{key} of type '{type ?? "(none)"}' is not supported: only unscaled rotary positions are implemented");
        }
    }

    /// <summary>rope_theta under its three spellings (rotary_emb_base, rope_theta, rope_parameters.rope_theta).</summary>
    protected static double RopeBase(ConfigJson json, double fallback) =>
        json.OptionalDouble("rope_theta", "rotary_emb_base") ?? json.NestedDouble("rope_parameters", "rope_theta") ?? fallback;

    /// <summary>The rotated share of the head dim under its spellings.</summary>
    protected static double RotaryFraction(ConfigJson json, double fallback) =>
        json.OptionalDouble("partial_rotary_factor", "rotary_pct") ?? json.NestedDouble("rope_parameters", "partial_rotary_factor") ?? fallback;

    protected static int RotaryDims(int headDim, double fraction) => (int)(headDim * fraction);
}
