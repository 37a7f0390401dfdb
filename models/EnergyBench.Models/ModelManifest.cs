using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnergyBench.Models;

/// <summary>
/// <c>bench-manifest.json</c>, written beside a synthetic model: how it was made (preset, seed), its size and size
/// category, and the SHA-256 of every file, so two builds can be compared and a corrupted cache noticed.
/// </summary>
public sealed record ModelManifest(
    [property: JsonPropertyName("preset")] string Preset,
    [property: JsonPropertyName("seed")] ulong Seed,
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("parameters")] long Parameters,
    [property: JsonPropertyName("size_category")] int SizeCategory,
    [property: JsonPropertyName("tokenizer")] string Tokenizer,
    [property: JsonPropertyName("files")] SortedDictionary<string, string> Files)
{
    public const string FileName = "bench-manifest.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Options) + "\n");

    public static ModelManifest? TryLoad(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>SHA-256 of every file under <paramref name="directory"/> except the manifest, keyed by relative path.</summary>
    public static SortedDictionary<string, string> HashFiles(string directory)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (relative == FileName)
                continue;
            using var stream = File.OpenRead(file);
            hashes[relative] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        return hashes;
    }
}
