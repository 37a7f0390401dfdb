using System.Text.Json.Nodes;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// config.json read with nothing but System.Text.Json: each key under the spellings transformers has used (the first
/// present and non-null wins), or a default when none is there.
/// </summary>
public sealed class ReferenceConfig(string path)
{
    private readonly JsonObject _json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
        ?? throw new InvalidDataException($"{path}: not a JSON object");

    public string ModelType => String("model_type") ?? throw new InvalidDataException($"{path}: no model_type");

    public int Int(params string[] keys) => (int)(Number(keys) ?? throw Missing(keys));

    public int IntOr(int fallback, params string[] keys) => (int?)Number(keys) ?? fallback;

    public double DoubleOr(double fallback, params string[] keys) => Number(keys) ?? fallback;

    public bool BoolOr(bool fallback, string key) => _json[key] is JsonValue value ? value.GetValue<bool>() : fallback;

    public string? String(string key) => _json[key] is JsonValue value ? value.GetValue<string>() : null;

    /// <summary>A key of the nested <c>rope_parameters</c> object transformers 5 writes.</summary>
    public double? RopeParameter(string key) =>
        _json["rope_parameters"] is JsonObject rope && rope[key] is JsonValue value ? value.GetValue<double>() : null;

    private double? Number(string[] keys) =>
        keys.Select(key => _json[key]).OfType<JsonValue>().Select(value => (double?)value.GetValue<double>()).FirstOrDefault();

    private InvalidDataException Missing(string[] keys) => new($"{path}: missing key '{string.Join("' or '", keys)}'");
}
