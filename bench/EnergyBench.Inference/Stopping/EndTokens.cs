using System.Text.Json;
using System.Text.Json.Nodes;
using EnergyBench.Models;

namespace EnergyBench.Inference.Stopping;

/// <summary>
/// A model's end-of-sequence token ids: <c>generation_config.json</c>'s <c>eos_token_id</c> when the model has one
/// (it may list several, as Llama 3's does), else config.json's (through the architecture's config). Empty when
/// neither names one.
/// </summary>
public static class EndTokens
{
    public const string GenerationConfigFile = "generation_config.json";

    public static IReadOnlySet<int> Of(ModelDirectory model)
    {
        string path = Path.Combine(model.Path, GenerationConfigFile);
        if (File.Exists(path) && Read(path) is { Count: > 0 } listed)
            return listed;
        return model.LoadConfig().EosTokenId is { } id ? new HashSet<int> { id } : new HashSet<int>();
    }

    private static HashSet<int> Read(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["eos_token_id"] switch
            {
                JsonArray list => list.Select(n => n!.GetValue<int>()).ToHashSet(),
                JsonValue value => [value.GetValue<int>()],
                _ => [],
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new ModelFormatException(path, $"eos_token_id is not an integer or a list of integers ({e.Message})", e);
        }
    }
}
