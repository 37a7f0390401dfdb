using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnergyBench.Models.Architectures;

/// <summary>
/// A <c>config.json</c> being read: typed values under any of the spellings Hugging Face has used for a key (the first
/// present wins), and errors that name the file and the key.
/// </summary>
public sealed class ConfigJson
{
    public ConfigJson(JsonObject json, string path)
    {
        Json = json;
        Path = path;
    }

    public JsonObject Json { get; }
    public string Path { get; }

    public static ConfigJson Load(string path)
    {
        if (!File.Exists(path))
            throw new ModelFormatException(path, "file not found");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) is JsonObject json
                ? new ConfigJson(json, path)
                : throw new ModelFormatException(path, "expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"not valid JSON ({e.Message})", e);
        }
    }

    public string ModelType => String("model_type") ?? throw Error("missing key 'model_type'");

    public int Int(params string[] keys) =>
        OptionalInt(keys) ?? throw Error($"missing key '{keys[0]}'");

    public int? OptionalInt(params string[] keys) => Get(keys, node => node.GetValue<double>() is var v && v == Math.Floor(v) ? (int?)v : throw new FormatException(), "an integer");

    public double? OptionalDouble(params string[] keys) => Get(keys, node => (double?)node.GetValue<double>(), "a number");

    public bool? OptionalBool(params string[] keys) => Get(keys, node => (bool?)node.GetValue<bool>(), "true or false");

    public string? String(params string[] keys) => Get(keys, node => node.GetValue<string>(), "a string");

    /// <summary>A number inside a nested object, e.g. <c>rope_parameters.rope_theta</c> (transformers 5).</summary>
    public double? NestedDouble(string outer, string key) =>
        Json[outer] is JsonObject nested && nested[key] is { } node ? Convert(node, $"{outer}.{key}", n => (double?)n.GetValue<double>(), "a number") : null;

    /// <summary>A string inside a nested object, e.g. <c>rope_scaling.rope_type</c>.</summary>
    public string? NestedString(string outer, string key) =>
        Json[outer] is JsonObject nested && nested[key] is { } node ? Convert(node, $"{outer}.{key}", n => n.GetValue<string>(), "a string") : null;

    /// <summary>A special token id: an integer, or the first of a list (some configs list several EOS ids).</summary>
    public int? TokenId(string key) => Json[key] switch
    {
        JsonArray { Count: > 0 } list => Convert(list[0], key, n => (int?)n.GetValue<int>(), "an integer or a list of integers"),
        JsonValue value => Convert(value, key, n => (int?)n.GetValue<int>(), "an integer or a list of integers"),
        null => null,
        _ => throw Error($"key '{key}' is not an integer or a list of integers"),
    };

    public ModelFormatException Error(string message) => new(Path, message);

    /// <summary>Throws unless the flag is absent or has its default: a setting the suite does not implement.</summary>
    public void RequireDefault(string key, bool expected)
    {
        if (OptionalBool(key) is { } value && value != expected)
            throw Error($"{key}={value.ToString().ToLowerInvariant()} is not supported");
    }

    private T? Get<T>(string[] keys, Func<JsonNode, T?> convert, string what)
    {
        foreach (string key in keys)
        {
            if (Json[key] is { } node)
                return Convert(node, key, convert, what);
        }
        return default;
    }

    private T? Convert<T>(JsonNode? node, string key, Func<JsonNode, T?> convert, string what)
    {
        try
        {
            // Re-read as JSON: a value set from code (an int) does not convert to another numeric type, a parsed one does.
            return convert(JsonNode.Parse((node ?? throw new FormatException()).ToJsonString())!);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw new ModelFormatException(Path, $"key '{key}' is not {what}", e);
        }
    }
}
